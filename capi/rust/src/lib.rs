// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

//! Safe Rust bindings to rewardkit's C ABI (`rewardkit/rk.h`): reward
//! functions for reinforcement fine-tuning, compiled from a JSON spec.
//!
//! ```
//! use rewardkit::{Context, Evaluator, Sample};
//!
//! let spec = r#"{"version": "rewardkit/v1", "name": "demo",
//!                "components": [{"type": "correctness",
//!                                "extract": {"type": "marker", "markers": ["the answer is"]},
//!                                "compare": {"type": "numeric"}}]}"#;
//! let evaluator = Evaluator::new(spec)?;
//! let mut ctx = Context::new()?;
//! let result = evaluator.score(&mut ctx, &Sample::new("9 * 2 = 18, so the answer is 18.", "18"))?;
//! assert_eq!(result.score, 1.0);
//! assert!(result.correct);
//! assert_eq!(result.answer, "18");
//! # Ok::<(), rewardkit::Error>(())
//! ```
//!
//! # Objects and threads
//!
//! - An [`Evaluator`] is a reward function compiled from a spec. It is
//!   immutable and safe for concurrent use by multiple threads (it is `Send`
//!   and `Sync`): compile it once and share it, for example in an `Arc`.
//! - A [`Context`] is one thread's scratch state (parsers, the last result, an
//!   output buffer). It is `Send` but not `Sync`, and every scoring call takes
//!   it by `&mut`: keep one per thread and reuse it, so that scoring stops
//!   allocating once its buffers have grown.
//!
//! # Errors
//!
//! A call fails with an [`Error`] (a [`Status`] code and a message) only when
//! an argument is bad: a spec that does not compile, bytes that are not UTF-8,
//! metadata or a batch that is not JSON. A sample the spec cannot score (an
//! empty reference, say) is not an error: it gets a [`ScoreResult`] with the
//! spec's error score, an `"error"` metric of 1 and [`ScoreResult::error`]
//! saying why.
//!
//! # Linking
//!
//! The crate links `librewardkit_c` dynamically; `build.rs` finds it through
//! `RK_LIB_DIR`, then `pkg-config`, then the default search path (see the
//! README).

pub mod ffi;

use std::ffi::CStr;
use std::fmt;
use std::ops::{BitOr, BitOrAssign};
use std::os::raw::c_char;
use std::ptr;

// ---------------------------------------------------------------------------
// Versions

/// The version of `rk.h` these bindings were written against, as
/// `major * 10000 + minor * 100 + patch`.
pub const HEADER_VERSION_NUMBER: i32 = ffi::RK_VERSION_NUMBER;
/// The ABI these bindings were written against (the library's SOVERSION).
pub const ABI_VERSION: i32 = ffi::RK_ABI_VERSION;

/// The version of the library actually loaded, such as `"0.1.0"`.
pub fn version() -> &'static str {
    // SAFETY: the library returns a NUL-terminated string with static storage.
    unsafe { static_str(ffi::rk_version_string()) }
}

/// The loaded library's version as `major * 10000 + minor * 100 + patch`.
pub fn version_number() -> i32 {
    // SAFETY: no arguments, no preconditions.
    unsafe { ffi::rk_version_number() }
}

/// The loaded library's ABI number; equal to [`ABI_VERSION`] whenever the
/// dynamic linker accepted it (the SOVERSION says the same).
pub fn abi_version() -> i32 {
    // SAFETY: no arguments, no preconditions.
    unsafe { ffi::rk_abi_version() }
}

// ---------------------------------------------------------------------------
// Status codes and errors

/// A status code of the C ABI: 0 to 16 are `absl::StatusCode`'s, rewardkit's
/// own start at 100. Codes this crate does not know are kept as they are.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Status(i32);

impl Status {
    pub const OK: Status = Status(ffi::RK_OK);
    pub const CANCELLED: Status = Status(ffi::RK_CANCELLED);
    pub const UNKNOWN: Status = Status(ffi::RK_UNKNOWN);
    /// A bad argument: arrays of different lengths, a NULL pointer, ...
    pub const INVALID_ARGUMENT: Status = Status(ffi::RK_INVALID_ARGUMENT);
    pub const DEADLINE_EXCEEDED: Status = Status(ffi::RK_DEADLINE_EXCEEDED);
    pub const NOT_FOUND: Status = Status(ffi::RK_NOT_FOUND);
    pub const ALREADY_EXISTS: Status = Status(ffi::RK_ALREADY_EXISTS);
    pub const PERMISSION_DENIED: Status = Status(ffi::RK_PERMISSION_DENIED);
    /// Out of memory.
    pub const RESOURCE_EXHAUSTED: Status = Status(ffi::RK_RESOURCE_EXHAUSTED);
    pub const FAILED_PRECONDITION: Status = Status(ffi::RK_FAILED_PRECONDITION);
    pub const ABORTED: Status = Status(ffi::RK_ABORTED);
    /// An index past the end.
    pub const OUT_OF_RANGE: Status = Status(ffi::RK_OUT_OF_RANGE);
    pub const UNIMPLEMENTED: Status = Status(ffi::RK_UNIMPLEMENTED);
    /// A bug in rewardkit (or in these bindings): please report it.
    pub const INTERNAL: Status = Status(ffi::RK_INTERNAL);
    pub const UNAVAILABLE: Status = Status(ffi::RK_UNAVAILABLE);
    pub const DATA_LOSS: Status = Status(ffi::RK_DATA_LOSS);
    pub const UNAUTHENTICATED: Status = Status(ffi::RK_UNAUTHENTICATED);
    /// A string is not valid UTF-8.
    pub const INVALID_UTF8: Status = Status(ffi::RK_INVALID_UTF8);
    /// The spec does not compile; the message names every bad field.
    pub const INVALID_SPEC: Status = Status(ffi::RK_INVALID_SPEC);
    /// A JSON argument is malformed, or not the JSON expected.
    pub const INVALID_JSON: Status = Status(ffi::RK_INVALID_JSON);
    /// Per item: the sample could not be scored and has the spec's error score.
    pub const SAMPLE_ERROR: Status = Status(ffi::RK_SAMPLE_ERROR);

    /// The status with this numeric code.
    pub const fn from_code(code: i32) -> Status {
        Status(code)
    }

    /// The numeric code, as in `rk.h`.
    pub const fn code(self) -> i32 {
        self.0
    }

    /// Whether this is [`Status::OK`].
    pub const fn is_ok(self) -> bool {
        self.0 == ffi::RK_OK
    }

    /// The code's name as the library spells it: `"OK"`, `"INVALID_UTF8"`,
    /// ...; `"UNKNOWN"` for a code the loaded library does not know.
    pub fn name(self) -> &'static str {
        // SAFETY: rk_status_name accepts any code and returns a static,
        // NUL-terminated string, never NULL.
        unsafe { static_str(ffi::rk_status_name(self.0)) }
    }
}

impl fmt::Debug for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Status({} = {})", self.name(), self.0)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a call failed: a status code and the library's message (for an
/// invalid spec, one line per bad field, each naming it as a JSON Pointer).
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    status: Status,
    message: String,
}

impl Error {
    /// An error made on the Rust side (for arguments the C ABI never sees).
    pub fn new(status: Status, message: impl Into<String>) -> Error {
        Error {
            status,
            message: message.into(),
        }
    }

    /// The status code.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The status code as a number (`101` for an invalid spec).
    pub fn code(&self) -> i32 {
        self.status.code()
    }

    /// The code's name (`"INVALID_SPEC"`).
    pub fn code_name(&self) -> &'static str {
        self.status.name()
    }

    /// The library's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Takes ownership of `error` (which may be NULL) and frees it.
    ///
    /// # Safety
    /// `error` is NULL or an `rk_error` owned by the caller, not used again.
    unsafe fn from_raw(status: ffi::rk_status, error: *mut ffi::rk_error) -> Error {
        let message = if error.is_null() {
            String::new()
        } else {
            let mut len = 0;
            let text = ffi::rk_error_message(error, &mut len);
            let message = copy_string(text, len);
            ffi::rk_error_free(error);
            message
        };
        // The returned status is authoritative; the error object carries the
        // same code by contract.
        let status = if status == ffi::RK_OK {
            Status::INTERNAL
        } else {
            Status(status)
        };
        Error { status, message }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.status.code())
            .field("name", &self.status.name())
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{} ({})", self.status.name(), self.status.code())
        } else {
            write!(
                f,
                "{} ({}): {}",
                self.status.name(),
                self.status.code(),
                self.message
            )
        }
    }
}

impl std::error::Error for Error {}

/// Runs a fallible C call, handing it the `rk_error**` slot, and turns a
/// failure into an owned [`Error`].
fn check(call: impl FnOnce(*mut *mut ffi::rk_error) -> ffi::rk_status) -> Result<(), Error> {
    let mut error: *mut ffi::rk_error = ptr::null_mut();
    let status = call(&mut error);
    if status == ffi::RK_OK {
        // By contract the library does not touch `*error` on success; free
        // one anyway rather than leak it.
        // SAFETY: NULL or an error the library handed to us.
        unsafe { ffi::rk_error_free(error) };
        Ok(())
    } else {
        // SAFETY: as above; ownership moves into the Error.
        Err(unsafe { Error::from_raw(status, error) })
    }
}

/// Copies `len` bytes at `text` (NULL reads as empty) into a String. The
/// library writes UTF-8 only; anything else would be replaced, not trusted.
///
/// # Safety
/// `text` is NULL or points to `len` readable bytes.
unsafe fn copy_string(text: *const c_char, len: usize) -> String {
    if text.is_null() || len == 0 {
        return String::new();
    }
    let bytes = std::slice::from_raw_parts(text.cast::<u8>(), len);
    String::from_utf8_lossy(bytes).into_owned()
}

/// # Safety
/// `text` is NULL or a NUL-terminated string with static storage.
unsafe fn static_str(text: *const c_char) -> &'static str {
    if text.is_null() {
        return "";
    }
    CStr::from_ptr(text).to_str().unwrap_or("")
}

// ---------------------------------------------------------------------------
// Evaluators

/// One component of a spec, as the evaluator compiled it.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    /// The metric's name in the results (the spec's `name`, else its type).
    pub name: String,
    /// Its type: `"correctness"`, `"format"`, `"length"`, ...
    pub kind: String,
    /// Its weight in the aggregate.
    pub weight: f64,
    /// Whether it counts toward the score (a `Reward`) or is only reported.
    pub reward: bool,
}

/// How the batch calls rescale scores across the batch they are given: the
/// spec's `"normalize"`. With anything but [`Normalization::None`], a score
/// depends on the rest of its batch, so a data set scored in chunks scores
/// differently from the same data set scored whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Normalization {
    /// Scores are the spec's aggregate, whatever the batch.
    None,
    /// Standardized across the whole batch.
    Batch,
    /// Standardized within each group: the samples of one prompt (or
    /// metadata `"group_id"`).
    Group,
    /// A method of a newer library than these bindings, by its
    /// `RK_NORMALIZE_*` number.
    Unknown(i32),
}

impl Normalization {
    /// The method with this `RK_NORMALIZE_*` number.
    pub const fn from_raw(raw: i32) -> Normalization {
        match raw {
            ffi::RK_NORMALIZE_NONE => Normalization::None,
            ffi::RK_NORMALIZE_BATCH => Normalization::Batch,
            ffi::RK_NORMALIZE_GROUP => Normalization::Group,
            other => Normalization::Unknown(other),
        }
    }
}

/// A reward function compiled from a JSON spec (`docs/spec.md`).
///
/// Immutable, and safe for concurrent use by multiple threads: share one,
/// for example in an `Arc`, and give each thread its own [`Context`].
pub struct Evaluator {
    raw: ptr::NonNull<ffi::rk_evaluator>,
    name: String,
    spec_hash: String,
    components: Vec<Component>,
    normalization: Normalization,
}

// SAFETY: an rk_evaluator is immutable after creation and documented as safe
// to use from any number of threads at once; freeing it needs no particular
// thread.
unsafe impl Send for Evaluator {}
unsafe impl Sync for Evaluator {}

impl Evaluator {
    /// Compiles `spec`. Fails with [`Status::INVALID_SPEC`], whose message
    /// names every bad field as a JSON Pointer, one per line.
    pub fn new(spec: &str) -> Result<Evaluator, Error> {
        Evaluator::from_bytes(spec.as_bytes())
    }

    /// Compiles a spec given as bytes, as read from a file: bytes that are not
    /// UTF-8 fail with [`Status::INVALID_UTF8`] (or [`Status::INVALID_SPEC`]),
    /// checked by the library.
    pub fn from_bytes(spec: &[u8]) -> Result<Evaluator, Error> {
        let mut raw: *mut ffi::rk_evaluator = ptr::null_mut();
        // SAFETY: `spec` is valid for `spec.len()` bytes; `raw` is an out slot.
        check(|error| unsafe {
            ffi::rk_evaluator_create(spec.as_ptr().cast(), spec.len(), &mut raw, error)
        })?;
        let raw = ptr::NonNull::new(raw).ok_or_else(|| {
            Error::new(
                Status::INTERNAL,
                "rk_evaluator_create succeeded without an evaluator",
            )
        })?;
        // Owned from here on: an early return below frees it.
        let mut evaluator = Evaluator {
            raw,
            name: String::new(),
            spec_hash: String::new(),
            components: Vec::new(),
            normalization: Normalization::None,
        };
        let ev = evaluator.raw.as_ptr() as *const ffi::rk_evaluator;
        // SAFETY: `ev` is a live evaluator; the strings it returns live as long
        // as it does and are copied at once.
        unsafe {
            let mut len = 0;
            let text = ffi::rk_evaluator_name(ev, &mut len);
            evaluator.name = copy_string(text, len);
            let text = ffi::rk_evaluator_spec_hash(ev, &mut len);
            evaluator.spec_hash = copy_string(text, len);
            evaluator.normalization = Normalization::from_raw(ffi::rk_evaluator_normalization(ev));

            let count = ffi::rk_evaluator_component_count(ev);
            evaluator.components.reserve(count);
            for index in 0..count {
                let (mut name, mut name_len) = (ptr::null(), 0);
                let (mut kind, mut kind_len) = (ptr::null(), 0);
                let (mut weight, mut reward) = (0.0, false);
                check(|_| {
                    ffi::rk_evaluator_component(
                        ev,
                        index,
                        &mut name,
                        &mut name_len,
                        &mut kind,
                        &mut kind_len,
                        &mut weight,
                        &mut reward,
                    )
                })?;
                evaluator.components.push(Component {
                    name: copy_string(name, name_len),
                    kind: copy_string(kind, kind_len),
                    weight,
                    reward,
                });
            }
        }
        Ok(evaluator)
    }

    /// The spec's `"name"` (empty when it has none).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The spec's canonical hash, 16 hex digits: equal for specs that differ
    /// only in layout, key order or number spelling.
    pub fn spec_hash(&self) -> &str {
        &self.spec_hash
    }

    /// The spec's components, in spec order.
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// The spec's `"normalize"` method: whether the batch calls rescale
    /// scores across their batch.
    pub fn normalization(&self) -> Normalization {
        self.normalization
    }

    /// The underlying `rk_evaluator`, valid while `self` is alive, for calls
    /// these bindings do not wrap.
    pub fn as_ptr(&self) -> *const ffi::rk_evaluator {
        self.raw.as_ptr()
    }

    /// Scores one response. Fails only for bad metadata
    /// ([`Status::INVALID_JSON`]); a sample the spec cannot score is a result
    /// with [`ScoreResult::error`] set.
    pub fn score(&self, ctx: &mut Context, sample: &Sample<'_>) -> Result<ScoreResult, Error> {
        self.score_bytes(ctx, &SampleBytes::from(*sample))
    }

    /// [`Evaluator::score`] for fields given as bytes, which the library
    /// checks: any that is not UTF-8 fails with [`Status::INVALID_UTF8`].
    pub fn score_bytes(
        &self,
        ctx: &mut Context,
        sample: &SampleBytes<'_>,
    ) -> Result<ScoreResult, Error> {
        fn field(bytes: Option<&[u8]>) -> (*const c_char, usize) {
            match bytes {
                Some(bytes) => (bytes.as_ptr().cast(), bytes.len()),
                None => (ptr::null(), 0),
            }
        }
        let mut raw = ffi::rk_sample::INIT;
        (raw.response, raw.response_len) = field(Some(sample.response));
        (raw.reference, raw.reference_len) = field(Some(sample.reference));
        (raw.prompt, raw.prompt_len) = field(sample.prompt);
        (raw.metadata, raw.metadata_len) = field(sample.metadata);

        // SAFETY: every pointer in `raw` borrows from `sample` for this call;
        // `ctx` is exclusively ours (&mut) and its objects are alive.
        check(|error| unsafe {
            ffi::rk_score(self.raw.as_ptr(), ctx.context, &raw, ctx.result, error)
        })?;
        // SAFETY: the result was just written and is read before `ctx` can be
        // used again.
        Ok(unsafe { ScoreResult::copy_from(ctx.result) })
    }

    /// Scores a batch as the service sends it (a JSON array of samples, or
    /// `{"trajectories": [...]}`; with [`BatchFlags::JSON_LINES`], JSON Lines
    /// too) and returns the service's response: a JSON array with one result
    /// object per sample, in order, with its id. A sample that cannot be read
    /// still gets its result, with an `"error"` metric. Fails
    /// ([`Status::INVALID_JSON`]) only when `batch` is not a batch at all.
    pub fn score_batch_json(
        &self,
        ctx: &mut Context,
        batch: impl AsRef<[u8]>,
        flags: BatchFlags,
    ) -> Result<String, Error> {
        let batch = batch.as_ref();
        // SAFETY: `batch` is valid for its length; `ctx` is exclusively ours.
        check(|error| unsafe {
            ffi::rk_score_batch_json(
                self.raw.as_ptr(),
                ctx.context,
                batch.as_ptr().cast(),
                batch.len(),
                flags.bits(),
                ctx.buffer,
                error,
            )
        })?;
        // SAFETY: the buffer was just written; its bytes are copied at once.
        Ok(unsafe { ctx.buffer_string() })
    }

    /// Scores responses against references given as parallel slices (of
    /// `&str`, `String`, `&[u8]`, ...), with optional prompts (with them, the
    /// spec's group normalization groups responses by prompt). Returns each
    /// item's score and status: [`Status::OK`], [`Status::INVALID_UTF8`] or
    /// [`Status::SAMPLE_ERROR`]; an item that fails has the spec's error
    /// score. Fails ([`Status::INVALID_ARGUMENT`]) when the slices' lengths
    /// differ.
    pub fn score_arrays<S: AsRef<[u8]>>(
        &self,
        ctx: &mut Context,
        responses: &[S],
        references: &[S],
        prompts: Option<&[S]>,
    ) -> Result<Vec<(f64, Status)>, Error> {
        let count = responses.len();
        if references.len() != count {
            return Err(Error::new(
                Status::INVALID_ARGUMENT,
                format!("{} responses but {} references", count, references.len()),
            ));
        }
        if let Some(prompts) = prompts {
            if prompts.len() != count {
                return Err(Error::new(
                    Status::INVALID_ARGUMENT,
                    format!("{} responses but {} prompts", count, prompts.len()),
                ));
            }
        }
        fn pointers<S: AsRef<[u8]>>(items: &[S]) -> (Vec<*const c_char>, Vec<usize>) {
            items
                .iter()
                .map(|item| {
                    let bytes = item.as_ref();
                    (bytes.as_ptr().cast::<c_char>(), bytes.len())
                })
                .unzip()
        }
        let (response_ptrs, response_lens) = pointers(responses);
        let (reference_ptrs, reference_lens) = pointers(references);
        let prompt_arrays = prompts.map(pointers);
        let (prompt_ptrs, prompt_lens) = match &prompt_arrays {
            Some((ptrs, lens)) => (ptrs.as_ptr(), lens.as_ptr()),
            None => (ptr::null(), ptr::null()),
        };
        let mut scores = vec![0.0f64; count];
        let mut statuses = vec![ffi::RK_OK; count];
        // SAFETY: every array holds `count` items borrowed for this call (an
        // empty Vec's pointer is dangling but never read with a count of 0);
        // `ctx` is exclusively ours.
        check(|error| unsafe {
            ffi::rk_score_arrays(
                self.raw.as_ptr(),
                ctx.context,
                count,
                response_ptrs.as_ptr(),
                response_lens.as_ptr(),
                reference_ptrs.as_ptr(),
                reference_lens.as_ptr(),
                prompt_ptrs,
                prompt_lens,
                scores.as_mut_ptr(),
                statuses.as_mut_ptr(),
                error,
            )
        })?;
        Ok(scores
            .into_iter()
            .zip(statuses.into_iter().map(Status))
            .collect())
    }
}

impl Drop for Evaluator {
    fn drop(&mut self) {
        // SAFETY: we own the evaluator; no borrow of it outlives `self`.
        unsafe { ffi::rk_evaluator_free(self.raw.as_ptr()) }
    }
}

impl fmt::Debug for Evaluator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Evaluator")
            .field("name", &self.name)
            .field("spec_hash", &self.spec_hash)
            .field("components", &self.components)
            .field("normalization", &self.normalization)
            .finish()
    }
}

// ---------------------------------------------------------------------------
// Contexts

/// One thread's scratch state for scoring: the library's parsers and
/// buffers, the last result and the last batch output.
///
/// `Send` but not `Sync`: move it between threads freely, use it from one at
/// a time. Reuse it, so that scoring stops allocating once it has warmed up.
pub struct Context {
    context: *mut ffi::rk_context,
    result: *mut ffi::rk_result,
    buffer: *mut ffi::rk_buffer,
}

// SAFETY: the three objects are plain heap state, usable from any thread one
// at a time; the raw pointers keep Context !Sync, and every use takes &mut.
unsafe impl Send for Context {}

impl Context {
    /// A new context. Fails only when out of memory.
    pub fn new() -> Result<Context, Error> {
        // Built up in place, so that a failure frees what was made so far.
        let mut ctx = Context {
            context: ptr::null_mut(),
            result: ptr::null_mut(),
            buffer: ptr::null_mut(),
        };
        // SAFETY: each call writes one out slot of `ctx`.
        check(|error| unsafe { ffi::rk_context_create(&mut ctx.context, error) })?;
        check(|error| unsafe { ffi::rk_result_create(&mut ctx.result, error) })?;
        check(|error| unsafe { ffi::rk_buffer_create(&mut ctx.buffer, error) })?;
        if ctx.context.is_null() || ctx.result.is_null() || ctx.buffer.is_null() {
            return Err(Error::new(
                Status::INTERNAL,
                "an rk_*_create call succeeded without an object",
            ));
        }
        Ok(ctx)
    }

    /// The underlying `rk_context`, valid while `self` is alive.
    pub fn as_mut_ptr(&mut self) -> *mut ffi::rk_context {
        self.context
    }

    /// The last result [`Evaluator::score`] wrote with this context, as the
    /// service's result object: `{"id", "aggregate_reward_score",
    /// "metrics_list"}`, with [`BatchFlags::EXPLAIN`] its `"details"` too (the
    /// answer, whether it was correct, the extractor, the normalized forms,
    /// why it was wrong, or the error). Before any score, an empty result.
    /// `flags` may hold only `EXPLAIN`: any other flag fails with
    /// [`Status::INVALID_ARGUMENT`].
    pub fn last_result_json(&mut self, flags: BatchFlags) -> Result<String, Error> {
        // SAFETY: the result and the buffer are ours and alive; `&mut self`
        // keeps anyone else from writing either meanwhile.
        check(|error| unsafe {
            ffi::rk_result_json(self.result, flags.bits(), self.buffer, error)
        })?;
        // SAFETY: the buffer was just written; its bytes are copied at once.
        Ok(unsafe { self.buffer_string() })
    }

    /// How many results the last batch call with this context
    /// ([`Evaluator::score_arrays`] or [`Evaluator::score_batch_json`]) left:
    /// one per item; 0 before any batch. [`Evaluator::score`] leaves the
    /// last batch as it was.
    pub fn last_batch_len(&self) -> usize {
        // SAFETY: the context is alive; this only reads it.
        unsafe { ffi::rk_context_batch_count(self.context) }
    }

    /// The full result of item `index` of the last batch call: each
    /// component's value, the error of a failed item, and, when the spec
    /// normalizes, the normalized score with the score before as a
    /// `"raw_reward"` metric. `None` past the end.
    pub fn last_batch_result(&self, index: usize) -> Option<ScoreResult> {
        // SAFETY: the context is alive and not written while `&self` is held;
        // the result it points into is copied at once.
        unsafe {
            let result = ffi::rk_context_batch_result(self.context, index);
            (!result.is_null()).then(|| ScoreResult::copy_from(result))
        }
    }

    /// Every result of the last batch call, in order (see
    /// [`Context::last_batch_result`]).
    pub fn last_batch_results(&self) -> Vec<ScoreResult> {
        (0..self.last_batch_len())
            .map_while(|index| self.last_batch_result(index))
            .collect()
    }

    /// The results of the last batch call as one JSON array of result objects
    /// (see [`Context::last_result_json`]): after
    /// [`Evaluator::score_batch_json`], the text it returned (without
    /// `"spec_hash"`, which a context does not know); after
    /// [`Evaluator::score_arrays`], everything the scores leave out. `flags`
    /// may hold only [`BatchFlags::EXPLAIN`].
    pub fn last_batch_json(&mut self, flags: BatchFlags) -> Result<String, Error> {
        // SAFETY: as in last_result_json.
        check(|error| unsafe {
            ffi::rk_context_batch_json(self.context, flags.bits(), self.buffer, error)
        })?;
        // SAFETY: as in last_result_json.
        Ok(unsafe { self.buffer_string() })
    }

    /// A copy of the buffer's text.
    ///
    /// # Safety
    /// The buffer is not being written.
    unsafe fn buffer_string(&self) -> String {
        let mut len = 0;
        let data = ffi::rk_buffer_data(self.buffer, &mut len);
        copy_string(data, len)
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        // SAFETY: we own all three (each may be NULL after a failed new()).
        unsafe {
            ffi::rk_buffer_free(self.buffer);
            ffi::rk_result_free(self.result);
            ffi::rk_context_free(self.context);
        }
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context").finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------
// Samples and results

/// One response to score, with its reference answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sample<'a> {
    /// The model's response.
    pub response: &'a str,
    /// The reference answer (`"18"`, or the expected text).
    pub reference: &'a str,
    /// The prompt, for components that look at it and for group
    /// normalization.
    pub prompt: Option<&'a str>,
    /// A JSON object; rewardkit reads its `"id"` (any JSON value: the
    /// result's id), `"group_id"` and `"response_tokens"`.
    pub metadata: Option<&'a str>,
}

impl<'a> Sample<'a> {
    /// A sample with a response and a reference, and no prompt or metadata.
    pub fn new(response: &'a str, reference: &'a str) -> Sample<'a> {
        Sample {
            response,
            reference,
            prompt: None,
            metadata: None,
        }
    }
}

/// A [`Sample`] whose fields are bytes not yet known to be UTF-8 (the library
/// checks them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SampleBytes<'a> {
    pub response: &'a [u8],
    pub reference: &'a [u8],
    pub prompt: Option<&'a [u8]>,
    pub metadata: Option<&'a [u8]>,
}

impl<'a> From<Sample<'a>> for SampleBytes<'a> {
    fn from(sample: Sample<'a>) -> SampleBytes<'a> {
        SampleBytes {
            response: sample.response.as_bytes(),
            reference: sample.reference.as_bytes(),
            prompt: sample.prompt.map(str::as_bytes),
            metadata: sample.metadata.map(str::as_bytes),
        }
    }
}

/// Whether a metric counts toward the score (the service's `"Reward"`) or is
/// only reported (`"Metric"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetricKind {
    Reward,
    Metric,
}

/// One entry of a result's metrics.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    pub name: String,
    pub value: f64,
    pub kind: MetricKind,
}

/// The result of scoring one sample: owned copies, independent of the
/// [`Context`] that produced them.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreResult {
    /// The reward: the spec's aggregate of its components (the spec's error
    /// score when the sample could not be scored).
    pub score: f64,
    /// The sample's id as JSON text (`"\"a\""`, `"17"`), `"null"` without one.
    pub id: String,
    /// Why the sample could not be scored; `None` when it was.
    pub error: Option<String>,
    /// One metric per component (its value), then what the components report
    /// besides (`"correctness_answer_found"`, ...), `"error"` and, for specs
    /// with gates, `"gated"`.
    pub metrics: Vec<Metric>,
    /// The answer the spec's first correctness component extracted.
    pub answer: String,
    /// Whether it found one.
    pub answer_found: bool,
    /// Whether it was correct.
    pub correct: bool,
}

impl ScoreResult {
    /// The metric called `name`, if the result has one.
    pub fn metric(&self, name: &str) -> Option<&Metric> {
        self.metrics.iter().find(|metric| metric.name == name)
    }

    /// # Safety
    /// `result` is a live rk_result not being written concurrently.
    unsafe fn copy_from(result: *const ffi::rk_result) -> ScoreResult {
        let mut len = 0;
        let id = copy_string(ffi::rk_result_id(result, &mut len), len);
        let error = copy_string(ffi::rk_result_error(result, &mut len), len);
        let answer = copy_string(ffi::rk_result_answer(result, &mut len), len);
        let count = ffi::rk_result_metric_count(result);
        let metrics = (0..count)
            .map(|index| Metric {
                name: copy_string(ffi::rk_result_metric_name(result, index, &mut len), len),
                value: ffi::rk_result_metric_value(result, index),
                kind: if ffi::rk_result_metric_type(result, index) == ffi::RK_METRIC_REWARD {
                    MetricKind::Reward
                } else {
                    MetricKind::Metric
                },
            })
            .collect();
        ScoreResult {
            score: ffi::rk_result_score(result),
            id,
            error: if error.is_empty() { None } else { Some(error) },
            metrics,
            answer,
            answer_found: ffi::rk_result_answer_found(result),
            correct: ffi::rk_result_correct(result),
        }
    }
}

// ---------------------------------------------------------------------------
// Batch flags

/// Flags for [`Evaluator::score_batch_json`], combined with `|`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct BatchFlags(u32);

impl BatchFlags {
    /// A JSON array (or `{"trajectories": [...]}`) only, plain results.
    pub const NONE: BatchFlags = BatchFlags(0);
    /// Also accept JSON Lines, one sample a line.
    pub const JSON_LINES: BatchFlags = BatchFlags(ffi::RK_BATCH_JSON_LINES);
    /// Add each result's `"details"` (extracted answer, extractor, ...).
    pub const EXPLAIN: BatchFlags = BatchFlags(ffi::RK_BATCH_EXPLAIN);
    /// Add each result's `"spec_hash"`.
    pub const SPEC_HASH: BatchFlags = BatchFlags(ffi::RK_BATCH_SPEC_HASH);
    /// Keep no verdict texts (extracted answers, normalized forms) in the
    /// context's results, for a caller that reads only the scores: faster.
    /// Ignored with `EXPLAIN`.
    pub const SCORES_ONLY: BatchFlags = BatchFlags(ffi::RK_BATCH_SCORES_ONLY);
    /// Keep no results of the batch in the context (its batch results are
    /// then empty), for a caller that uses only the response: for a spec of
    /// one correctness component each result is written as it is scored.
    pub const NO_RESULTS: BatchFlags = BatchFlags(ffi::RK_BATCH_NO_RESULTS);

    /// The flags as `rk.h` spells them.
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Flags from `RK_BATCH_*` bits; bits this crate does not name are passed
    /// on as they are.
    pub const fn from_bits(bits: u32) -> BatchFlags {
        BatchFlags(bits)
    }

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: BatchFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for BatchFlags {
    type Output = BatchFlags;
    fn bitor(self, other: BatchFlags) -> BatchFlags {
        BatchFlags(self.0 | other.0)
    }
}

impl BitOrAssign for BatchFlags {
    fn bitor_assign(&mut self, other: BatchFlags) {
        self.0 |= other.0;
    }
}
