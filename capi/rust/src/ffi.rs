// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

//! Raw declarations of `rewardkit/rk.h`, written by hand (no bindgen).
//!
//! Everything here is `unsafe` to call and follows the header's rules: strings
//! are UTF-8 pointer + length, a failing call leaves its outputs untouched and
//! sets `*error` to an owned [`rk_error`] (freed with [`rk_error_free`]), and
//! every `*_free` accepts NULL. Keep this file in the header's order.

#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int};

// ---------------------------------------------------------------------------
// Versions of the header these declarations follow.

pub const RK_VERSION_MAJOR: c_int = 0;
pub const RK_VERSION_MINOR: c_int = 1;
pub const RK_VERSION_PATCH: c_int = 0;
pub const RK_VERSION_NUMBER: c_int =
    RK_VERSION_MAJOR * 10000 + RK_VERSION_MINOR * 100 + RK_VERSION_PATCH;
pub const RK_VERSION_STRING: &str = "0.1.0";
pub const RK_ABI_VERSION: c_int = 1;

// ---------------------------------------------------------------------------
// Status codes.

pub type rk_status = i32;

pub const RK_OK: rk_status = 0;
pub const RK_CANCELLED: rk_status = 1;
pub const RK_UNKNOWN: rk_status = 2;
pub const RK_INVALID_ARGUMENT: rk_status = 3;
pub const RK_DEADLINE_EXCEEDED: rk_status = 4;
pub const RK_NOT_FOUND: rk_status = 5;
pub const RK_ALREADY_EXISTS: rk_status = 6;
pub const RK_PERMISSION_DENIED: rk_status = 7;
pub const RK_RESOURCE_EXHAUSTED: rk_status = 8;
pub const RK_FAILED_PRECONDITION: rk_status = 9;
pub const RK_ABORTED: rk_status = 10;
pub const RK_OUT_OF_RANGE: rk_status = 11;
pub const RK_UNIMPLEMENTED: rk_status = 12;
pub const RK_INTERNAL: rk_status = 13;
pub const RK_UNAVAILABLE: rk_status = 14;
pub const RK_DATA_LOSS: rk_status = 15;
pub const RK_UNAUTHENTICATED: rk_status = 16;

pub const RK_INVALID_UTF8: rk_status = 100;
pub const RK_INVALID_SPEC: rk_status = 101;
pub const RK_INVALID_JSON: rk_status = 102;
pub const RK_SAMPLE_ERROR: rk_status = 103;

// ---------------------------------------------------------------------------
// Opaque objects. Zero-sized with a private field: constructible only by the
// library, and (through the raw pointer marker) neither Send nor Sync.

#[repr(C)]
pub struct rk_error {
    _private: [u8; 0],
    _marker: core::marker::PhantomData<(*mut u8, core::marker::PhantomPinned)>,
}

#[repr(C)]
pub struct rk_evaluator {
    _private: [u8; 0],
    _marker: core::marker::PhantomData<(*mut u8, core::marker::PhantomPinned)>,
}

#[repr(C)]
pub struct rk_context {
    _private: [u8; 0],
    _marker: core::marker::PhantomData<(*mut u8, core::marker::PhantomPinned)>,
}

#[repr(C)]
pub struct rk_result {
    _private: [u8; 0],
    _marker: core::marker::PhantomData<(*mut u8, core::marker::PhantomPinned)>,
}

#[repr(C)]
pub struct rk_buffer {
    _private: [u8; 0],
    _marker: core::marker::PhantomData<(*mut u8, core::marker::PhantomPinned)>,
}

// ---------------------------------------------------------------------------
// Normalization methods (rk_evaluator_normalization).

pub const RK_NORMALIZE_NONE: c_int = 0;
pub const RK_NORMALIZE_BATCH: c_int = 1;
pub const RK_NORMALIZE_GROUP: c_int = 2;

// ---------------------------------------------------------------------------
// Samples.

pub const RK_SAMPLE_VERSION: u32 = 1;

/// One response to score; start from [`rk_sample::INIT`] (`RK_SAMPLE_INIT`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct rk_sample {
    pub version: u32,
    pub response: *const c_char,
    pub response_len: usize,
    pub reference: *const c_char,
    pub reference_len: usize,
    pub prompt: *const c_char,
    pub prompt_len: usize,
    pub metadata: *const c_char,
    pub metadata_len: usize,
}

impl rk_sample {
    /// `RK_SAMPLE_INIT`.
    pub const INIT: rk_sample = rk_sample {
        version: RK_SAMPLE_VERSION,
        response: core::ptr::null(),
        response_len: 0,
        reference: core::ptr::null(),
        reference_len: 0,
        prompt: core::ptr::null(),
        prompt_len: 0,
        metadata: core::ptr::null(),
        metadata_len: 0,
    };
}

pub const RK_METRIC_REWARD: c_int = 1;
pub const RK_METRIC_METRIC: c_int = 2;

pub const RK_BATCH_JSON_LINES: u32 = 1;
pub const RK_BATCH_EXPLAIN: u32 = 2;
pub const RK_BATCH_SPEC_HASH: u32 = 4;
pub const RK_BATCH_SCORES_ONLY: u32 = 16;
pub const RK_BATCH_NO_RESULTS: u32 = 32;

extern "C" {
    pub fn rk_status_name(status: rk_status) -> *const c_char;

    pub fn rk_version_number() -> c_int;
    pub fn rk_version_string() -> *const c_char;
    pub fn rk_abi_version() -> c_int;

    pub fn rk_error_code(error: *const rk_error) -> rk_status;
    pub fn rk_error_message(error: *const rk_error, len: *mut usize) -> *const c_char;
    pub fn rk_error_free(error: *mut rk_error);

    pub fn rk_evaluator_create(
        spec: *const c_char,
        spec_len: usize,
        out: *mut *mut rk_evaluator,
        error: *mut *mut rk_error,
    ) -> rk_status;
    pub fn rk_evaluator_free(evaluator: *mut rk_evaluator);
    pub fn rk_evaluator_name(evaluator: *const rk_evaluator, len: *mut usize) -> *const c_char;
    pub fn rk_evaluator_spec_hash(evaluator: *const rk_evaluator, len: *mut usize)
        -> *const c_char;
    pub fn rk_evaluator_component_count(evaluator: *const rk_evaluator) -> usize;
    pub fn rk_evaluator_component(
        evaluator: *const rk_evaluator,
        index: usize,
        name: *mut *const c_char,
        name_len: *mut usize,
        type_: *mut *const c_char,
        type_len: *mut usize,
        weight: *mut f64,
        reward: *mut bool,
    ) -> rk_status;
    pub fn rk_evaluator_normalization(evaluator: *const rk_evaluator) -> c_int;

    pub fn rk_context_create(out: *mut *mut rk_context, error: *mut *mut rk_error) -> rk_status;
    pub fn rk_context_free(context: *mut rk_context);
    pub fn rk_result_create(out: *mut *mut rk_result, error: *mut *mut rk_error) -> rk_status;
    pub fn rk_result_free(result: *mut rk_result);
    pub fn rk_buffer_create(out: *mut *mut rk_buffer, error: *mut *mut rk_error) -> rk_status;
    pub fn rk_buffer_free(buffer: *mut rk_buffer);
    pub fn rk_buffer_data(buffer: *const rk_buffer, len: *mut usize) -> *const c_char;

    pub fn rk_score(
        evaluator: *const rk_evaluator,
        context: *mut rk_context,
        sample: *const rk_sample,
        result: *mut rk_result,
        error: *mut *mut rk_error,
    ) -> rk_status;

    pub fn rk_result_score(result: *const rk_result) -> f64;
    pub fn rk_result_id(result: *const rk_result, len: *mut usize) -> *const c_char;
    pub fn rk_result_error(result: *const rk_result, len: *mut usize) -> *const c_char;
    pub fn rk_result_metric_count(result: *const rk_result) -> usize;
    pub fn rk_result_metric_name(
        result: *const rk_result,
        index: usize,
        len: *mut usize,
    ) -> *const c_char;
    pub fn rk_result_metric_value(result: *const rk_result, index: usize) -> f64;
    pub fn rk_result_metric_type(result: *const rk_result, index: usize) -> c_int;
    pub fn rk_result_answer_found(result: *const rk_result) -> bool;
    pub fn rk_result_answer(result: *const rk_result, len: *mut usize) -> *const c_char;
    pub fn rk_result_correct(result: *const rk_result) -> bool;

    pub fn rk_score_batch_json(
        evaluator: *const rk_evaluator,
        context: *mut rk_context,
        batch: *const c_char,
        batch_len: usize,
        flags: u32,
        out: *mut rk_buffer,
        error: *mut *mut rk_error,
    ) -> rk_status;

    pub fn rk_score_arrays(
        evaluator: *const rk_evaluator,
        context: *mut rk_context,
        count: usize,
        responses: *const *const c_char,
        response_lens: *const usize,
        references: *const *const c_char,
        reference_lens: *const usize,
        prompts: *const *const c_char,
        prompt_lens: *const usize,
        scores: *mut f64,
        statuses: *mut rk_status,
        error: *mut *mut rk_error,
    ) -> rk_status;

    pub fn rk_result_json(
        result: *const rk_result,
        flags: u32,
        out: *mut rk_buffer,
        error: *mut *mut rk_error,
    ) -> rk_status;

    pub fn rk_context_batch_count(context: *const rk_context) -> usize;
    pub fn rk_context_batch_result(context: *const rk_context, index: usize) -> *const rk_result;
    pub fn rk_context_batch_json(
        context: *const rk_context,
        flags: u32,
        out: *mut rk_buffer,
        error: *mut *mut rk_error,
    ) -> rk_status;
}
