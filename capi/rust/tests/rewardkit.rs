// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0

//! Integration tests of the Rust bindings against the real librewardkit_c.
//!
//! The specs come from RK_SPECS_DIR (default: examples/specs of this tree) and
//! the samples from RK_DATA_DIR (default: examples/data).

use std::path::PathBuf;
use std::sync::Arc;
use std::thread;

use rewardkit::{
    BatchFlags, Context, Error, Evaluator, Metric, MetricKind, Normalization, Sample, SampleBytes,
    ScoreResult, Status,
};

// ---------------------------------------------------------------------------
// Fixtures

fn dir(var: &str, default: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(default),
    }
}

fn spec_text(name: &str) -> String {
    let path = dir("RK_SPECS_DIR", "../../examples/specs").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn data_bytes(name: &str) -> Vec<u8> {
    let path = dir("RK_DATA_DIR", "../../examples/data").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn gsm8k() -> Evaluator {
    Evaluator::new(&spec_text("gsm8k.json")).expect("examples/specs/gsm8k.json compiles")
}

/// A sample of gsm8k_bedrock.jsonl, taken apart with the test's own parser.
struct Row {
    id: String,
    prompt: String,
    response: String,
    reference: String,
}

fn gsm8k_rows() -> Vec<Row> {
    let text = String::from_utf8(data_bytes("gsm8k_bedrock.jsonl")).unwrap();
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let sample = parse_json(line);
            let messages = sample.get("messages").unwrap().as_array();
            let content = |role: &str| {
                messages
                    .iter()
                    .rev()
                    .find(|turn| turn.get("role").unwrap().as_str() == role)
                    .unwrap()
                    .get("content")
                    .unwrap()
                    .as_str()
                    .to_string()
            };
            Row {
                id: sample.get("id").unwrap().as_str().to_string(),
                prompt: content("user"),
                response: content("assistant"),
                reference: sample
                    .get("metadata")
                    .unwrap()
                    .get("reference_answer")
                    .unwrap()
                    .as_str()
                    .to_string(),
            }
        })
        .collect()
}

fn metric(name: &str, value: f64, kind: MetricKind) -> Metric {
    Metric {
        name: name.to_string(),
        value,
        kind,
    }
}

// ---------------------------------------------------------------------------
// Scoring one response

#[test]
fn gsm8k_right_answer_scores_one() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let result = evaluator
        .score(
            &mut ctx,
            &Sample::new(
                "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n#### 72",
                "72",
            ),
        )
        .unwrap();
    assert_eq!(result.score, 1.0);
    assert!(result.correct);
    assert!(result.answer_found);
    assert_eq!(result.answer, "72");
    assert_eq!(result.error, None);
    assert_eq!(result.id, "null");
    assert_eq!(
        result.metrics,
        vec![
            metric("correctness", 1.0, MetricKind::Reward),
            metric("correctness_answer_found", 1.0, MetricKind::Metric),
            metric("error", 0.0, MetricKind::Metric),
        ]
    );
    assert_eq!(result.metric("correctness").map(|m| m.value), Some(1.0));
    assert!(result.metric("nonexistent").is_none());
}

#[test]
fn gsm8k_wrong_and_missing_answers_score_zero() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();

    let wrong = evaluator
        .score(&mut ctx, &Sample::new("48 + 24 = 71\n#### 71", "72"))
        .unwrap();
    assert_eq!(wrong.score, 0.0);
    assert!(!wrong.correct);
    assert!(wrong.answer_found);
    assert_eq!(wrong.answer, "71");
    assert_eq!(wrong.error, None);
    assert_eq!(wrong.metric("correctness").unwrap().value, 0.0);
    assert_eq!(wrong.metric("correctness_answer_found").unwrap().value, 1.0);

    // The spec has no last-number fallback: an answer never stated is none.
    let missing = evaluator
        .score(
            &mut ctx,
            &Sample::new("She sold 72 clips altogether.", "72"),
        )
        .unwrap();
    assert_eq!(missing.score, 0.0);
    assert!(!missing.answer_found);
    assert!(!missing.correct);
    assert_eq!(
        missing.metric("correctness_answer_found").unwrap().value,
        0.0
    );

    // Results are owned copies: scoring again does not change them.
    assert_eq!(wrong.answer, "71");
}

#[test]
fn metadata_gives_the_id_and_prompt_is_accepted() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let sample = Sample {
        response: "#### 18",
        reference: "18",
        prompt: Some("Janet's ducks lay 16 eggs per day..."),
        metadata: Some(r#"{"id": "q-1", "other": [1, 2]}"#),
    };
    let result = evaluator.score(&mut ctx, &sample).unwrap();
    assert_eq!(result.id, r#""q-1""#);
    assert_eq!(result.score, 1.0);

    let numbered = Sample {
        metadata: Some(r#"{"id": 17}"#),
        ..sample
    };
    assert_eq!(evaluator.score(&mut ctx, &numbered).unwrap().id, "17");
}

#[test]
fn a_sample_the_spec_cannot_score_is_a_result() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let result = evaluator
        .score(&mut ctx, &Sample::new("#### 18", ""))
        .unwrap();
    assert_eq!(result.score, 0.0); // the spec's error_score
    let why = result.error.as_deref().expect("an error saying why");
    assert!(why.contains("reference"), "{why}");
    assert_eq!(
        result.metrics,
        vec![metric("error", 1.0, MetricKind::Metric)]
    );
    assert!(!result.correct);
}

#[test]
fn bad_metadata_is_invalid_json() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    for metadata in [r#"{"id": 17"#, "[1]", "not json"] {
        let sample = Sample {
            metadata: Some(metadata),
            ..Sample::new("#### 18", "18")
        };
        let error = evaluator.score(&mut ctx, &sample).unwrap_err();
        assert_eq!(error.code(), 102, "{metadata}: {error}");
        assert_eq!(error.status(), Status::INVALID_JSON);
        assert_eq!(error.code_name(), "INVALID_JSON");
        assert!(error.message().contains("metadata"), "{error}");
    }
    // The context is still usable after a failed call.
    let result = evaluator
        .score(&mut ctx, &Sample::new("#### 18", "18"))
        .unwrap();
    assert_eq!(result.score, 1.0);
}

// ---------------------------------------------------------------------------
// Evaluators and specs

#[test]
fn evaluator_describes_its_spec() {
    let text = spec_text("gsm8k.json");
    let evaluator = Evaluator::new(&text).unwrap();
    assert_eq!(evaluator.name(), "gsm8k");
    assert_eq!(evaluator.spec_hash().len(), 16);
    assert!(evaluator.spec_hash().bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(evaluator.components().len(), 1);
    let component = &evaluator.components()[0];
    assert_eq!(component.name, "correctness");
    assert_eq!(component.kind, "correctness");
    assert_eq!(component.weight, 1.0);
    assert!(component.reward);
    assert!(format!("{evaluator:?}").contains("gsm8k"));

    // The hash ignores layout (JSON strings hold no raw newlines) ...
    let relaid = format!("\n  {}  \n", text.replace('\n', "\n\n\t "));
    assert_eq!(
        Evaluator::new(&relaid).unwrap().spec_hash(),
        evaluator.spec_hash()
    );
    // ... but not meaning.
    let changed = text.replace(r#""wrong": 0.0"#, r#""wrong": 0.25"#);
    assert_ne!(changed, text, "the test's edit must apply");
    assert_ne!(
        Evaluator::new(&changed).unwrap().spec_hash(),
        evaluator.spec_hash()
    );
}

#[test]
fn components_report_names_types_weights_and_reward() {
    let spec = r#"{"version": "rewardkit/v1", "name": "two",
        "components": [
          {"type": "correctness", "name": "right", "weight": 0.75,
           "extract": {"type": "boxed"}},
          {"type": "format", "name": "shape", "weight": 0.25, "reward": false,
           "checks": [{"check": "regex", "pattern": "boxed"}]}]}"#;
    let evaluator = match Evaluator::new(spec) {
        Ok(evaluator) => evaluator,
        Err(error) => panic!("{error}"),
    };
    let components = evaluator.components();
    assert_eq!(components.len(), 2);
    assert_eq!(
        (components[0].name.as_str(), components[0].kind.as_str()),
        ("right", "correctness")
    );
    assert_eq!((components[0].weight, components[0].reward), (0.75, true));
    assert_eq!(
        (components[1].name.as_str(), components[1].kind.as_str()),
        ("shape", "format")
    );
    assert_eq!((components[1].weight, components[1].reward), (0.25, false));

    let mut ctx = Context::new().unwrap();
    let result = evaluator
        .score(&mut ctx, &Sample::new(r"so \boxed{4}", "4"))
        .unwrap();
    assert_eq!(result.metric("right").unwrap().kind, MetricKind::Reward);
    assert_eq!(result.metric("shape").unwrap().kind, MetricKind::Metric);
}

#[test]
fn invalid_spec_names_every_bad_field() {
    let spec = r#"{"version": "rewardkit/v1",
                   "components": [{"type": "nope"}],
                   "nmae": "typo"}"#;
    let error = Evaluator::new(spec).unwrap_err();
    assert_eq!(error.code(), 101);
    assert_eq!(error.status(), Status::INVALID_SPEC);
    assert_eq!(error.code_name(), "INVALID_SPEC");
    assert!(error.message().contains("/components/0/type"), "{error}");
    assert!(error.message().contains("/nmae"), "{error}");
    assert_eq!(error.message().lines().count(), 2, "{error}");
    let shown = error.to_string();
    assert!(shown.starts_with("INVALID_SPEC (101): "), "{shown}");

    // Not JSON at all, and an empty spec, are invalid specs too.
    for bad in ["not json", "", "{}"] {
        let error = Evaluator::new(bad).unwrap_err();
        assert_eq!(error.status(), Status::INVALID_SPEC, "{bad:?}: {error}");
        assert!(!error.message().is_empty());
    }
    let error = Evaluator::new(r#"{"components": []}"#).unwrap_err();
    assert!(error.message().contains("/version"), "{error}");
}

#[test]
fn errors_are_std_errors() {
    let error = Evaluator::new("{}").unwrap_err();
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error.clone());
    assert_eq!(boxed.to_string(), error.to_string());
    assert!(format!("{error:?}").contains("INVALID_SPEC"));
    let made = Error::new(Status::INVALID_ARGUMENT, "x");
    assert_eq!(
        (made.code(), made.code_name(), made.message()),
        (3, "INVALID_ARGUMENT", "x")
    );
}

// ---------------------------------------------------------------------------
// Invalid UTF-8

#[test]
fn invalid_utf8_is_an_error_not_undefined_behaviour() {
    let error =
        Evaluator::from_bytes(b"{\"version\": \"rewardkit/v1\", \"name\": \"\xff\"}").unwrap_err();
    assert_eq!(error.code(), 100, "{error}");
    assert_eq!(error.status(), Status::INVALID_UTF8);

    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let bad_response = SampleBytes {
        response: b"#### 18\xc3",
        reference: b"18",
        prompt: None,
        metadata: None,
    };
    let error = evaluator.score_bytes(&mut ctx, &bad_response).unwrap_err();
    assert_eq!(error.status(), Status::INVALID_UTF8, "{error}");
    assert_eq!(error.code_name(), "INVALID_UTF8");
    assert!(error.message().contains("response"), "{error}");

    let bad_reference = SampleBytes {
        reference: b"1\xff8",
        response: b"#### 18",
        ..bad_response
    };
    let error = evaluator.score_bytes(&mut ctx, &bad_reference).unwrap_err();
    assert_eq!(error.status(), Status::INVALID_UTF8, "{error}");
    assert!(error.message().contains("reference"), "{error}");

    // Valid bytes score as the same &str would.
    let good = SampleBytes::from(Sample::new("#### 18", "18"));
    assert_eq!(evaluator.score_bytes(&mut ctx, &good).unwrap().score, 1.0);

    // Per item in arrays: only the bad item fails.
    let responses: [&[u8]; 3] = [b"#### 18", b"#### \xff18", b"#### 5"];
    let references: [&[u8]; 3] = [b"18", b"18", b"5"];
    let scored = evaluator
        .score_arrays(&mut ctx, &responses, &references, None)
        .unwrap();
    assert_eq!(
        scored,
        vec![
            (1.0, Status::OK),
            (0.0, Status::INVALID_UTF8),
            (1.0, Status::OK)
        ]
    );

    // In a batch, bad bytes are one sample's error, not the batch's.
    let batch: &[u8] = b"{\"id\":\"u\",\"response\":\"#### 18\xff\",\"reference_answer\":\"18\"}\n\
                         {\"id\":\"v\",\"response\":\"#### 18\",\"reference_answer\":\"18\"}\n";
    let results = parse_json(
        &evaluator
            .score_batch_json(&mut ctx, batch, BatchFlags::JSON_LINES)
            .unwrap(),
    );
    let results = results.as_array();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].get("id").unwrap().as_str(), "u");
    assert_eq!(error_metric(&results[0]), 1.0);
    assert_eq!(error_metric(&results[1]), 0.0);
}

// ---------------------------------------------------------------------------
// Batches

fn error_metric(result: &Json) -> f64 {
    result
        .get("metrics_list")
        .unwrap()
        .as_array()
        .iter()
        .find(|m| m.get("name").unwrap().as_str() == "error")
        .expect("every result has an error metric")
        .get("value")
        .unwrap()
        .as_f64()
}

#[test]
fn batch_json_lines_gives_one_result_per_line_with_ids() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let input = data_bytes("gsm8k_bedrock.jsonl");
    let rows = gsm8k_rows();
    assert_eq!(rows.len(), 96);

    let output = evaluator
        .score_batch_json(&mut ctx, &input, BatchFlags::JSON_LINES)
        .unwrap();
    let results = parse_json(&output);
    let results = results.as_array();
    assert_eq!(results.len(), rows.len());
    let mut right = 0;
    for (row, result) in rows.iter().zip(results) {
        assert_eq!(result.get("id").unwrap().as_str(), row.id);
        let batch_score = result.get("aggregate_reward_score").unwrap().as_f64();
        assert_eq!(error_metric(result), 0.0, "{}", row.id);
        // The batch scores each sample as score() does.
        let single = evaluator
            .score(&mut ctx, &Sample::new(&row.response, &row.reference))
            .unwrap();
        assert_eq!(batch_score, single.score, "{}", row.id);
        right += usize::from(single.correct);
    }
    // The data has both right and wrong answers: the check above means something.
    assert!(right > 0 && right < rows.len(), "{right} right");

    // Without the flag, JSON Lines is not a batch.
    let error = evaluator
        .score_batch_json(&mut ctx, &input, BatchFlags::NONE)
        .unwrap_err();
    assert_eq!(error.status(), Status::INVALID_JSON, "{error}");
}

#[test]
fn batch_flags_add_spec_hash_and_details() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let batch = r#"[{"id": "a", "response": "The answer is 18.", "reference_answer": "18"}]"#;
    let plain = parse_json(
        &evaluator
            .score_batch_json(&mut ctx, batch, BatchFlags::NONE)
            .unwrap(),
    );
    assert!(plain.as_array()[0].get("spec_hash").is_none());
    assert!(plain.as_array()[0].get("details").is_none());

    let flags = BatchFlags::SPEC_HASH | BatchFlags::EXPLAIN;
    assert!(flags.contains(BatchFlags::EXPLAIN) && !flags.contains(BatchFlags::JSON_LINES));
    let rich = parse_json(&evaluator.score_batch_json(&mut ctx, batch, flags).unwrap());
    let result = &rich.as_array()[0];
    assert_eq!(
        result.get("spec_hash").unwrap().as_str(),
        evaluator.spec_hash()
    );
    let details = result.get("details").expect("details with EXPLAIN");
    assert_eq!(details.get("answer").unwrap().as_str(), "18");
    assert_eq!(details.get("correct"), Some(&Json::Bool(true)));

    // Scores only: the same response as with no flags.
    let scores_only = evaluator
        .score_batch_json(&mut ctx, batch, BatchFlags::SCORES_ONLY)
        .unwrap();
    assert_eq!(parse_json(&scores_only), plain);
}

#[test]
fn a_malformed_sample_in_a_batch_still_gets_its_result() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let batch = r#"[{"id": "good", "response": "The answer is 18.", "reference_answer": "18"},
                    {"id": "bad", "messages": 5},
                    not json,
                    {"id": 7, "response": "The answer is 18.", "reference_answer": ""}]"#;
    let results = parse_json(
        &evaluator
            .score_batch_json(&mut ctx, batch, BatchFlags::NONE)
            .unwrap(),
    );
    let results = results.as_array();
    assert_eq!(results.len(), 4);
    let ids: Vec<&Json> = results.iter().map(|r| r.get("id").unwrap()).collect();
    assert_eq!(
        ids,
        [
            &Json::Str("good".into()),
            &Json::Str("bad".into()),
            &Json::Null,
            &Json::Num(7.0)
        ]
    );
    assert_eq!(
        results[0].get("aggregate_reward_score").unwrap().as_f64(),
        1.0
    );
    assert_eq!(error_metric(&results[0]), 0.0);
    for bad in &results[1..] {
        assert_eq!(bad.get("aggregate_reward_score").unwrap().as_f64(), 0.0);
        assert_eq!(error_metric(bad), 1.0);
        assert_eq!(bad.get("metrics_list").unwrap().as_array().len(), 1);
    }

    // JSON Lines: a broken line keeps its place, and its id when one shows.
    let lines = "{\"id\": \"x\", \"response\": \n{\"id\": \"y\", \"response\": \"#### 3\", \"reference_answer\": 3}\n";
    let results = parse_json(
        &evaluator
            .score_batch_json(&mut ctx, lines, BatchFlags::JSON_LINES)
            .unwrap(),
    );
    let results = results.as_array();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].get("id").unwrap().as_str(), "x");
    assert_eq!(error_metric(&results[0]), 1.0);
    assert_eq!(
        results[1].get("aggregate_reward_score").unwrap().as_f64(),
        1.0
    );

    // Only a batch that is not a batch at all fails; as JSON Lines, the same
    // text is one line holding a sample that is not an object.
    let error = evaluator
        .score_batch_json(&mut ctx, r#""hello""#, BatchFlags::NONE)
        .unwrap_err();
    assert_eq!(error.status(), Status::INVALID_JSON, "{error}");
    assert!(!error.message().is_empty());
    let results = parse_json(
        &evaluator
            .score_batch_json(&mut ctx, r#""hello""#, BatchFlags::JSON_LINES)
            .unwrap(),
    );
    assert_eq!(results.as_array().len(), 1);
    assert_eq!(error_metric(&results.as_array()[0]), 1.0);
}

// ---------------------------------------------------------------------------
// Parallel arrays

#[test]
fn score_arrays_equals_score_per_sample() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let rows = gsm8k_rows();
    let responses: Vec<&str> = rows.iter().map(|r| r.response.as_str()).collect();
    let references: Vec<&str> = rows.iter().map(|r| r.reference.as_str()).collect();
    let prompts: Vec<&str> = rows.iter().map(|r| r.prompt.as_str()).collect();

    let expected: Vec<(f64, Status)> = rows
        .iter()
        .map(|row| {
            let result = evaluator
                .score(&mut ctx, &Sample::new(&row.response, &row.reference))
                .unwrap();
            (result.score, Status::OK)
        })
        .collect();
    assert!(expected.iter().any(|&(s, _)| s == 1.0) && expected.iter().any(|&(s, _)| s == 0.0));

    let scored = evaluator
        .score_arrays(&mut ctx, &responses, &references, None)
        .unwrap();
    assert_eq!(scored, expected);
    // With prompts (no normalization in this spec), and with owned Strings.
    let scored = evaluator
        .score_arrays(&mut ctx, &responses, &references, Some(&prompts))
        .unwrap();
    assert_eq!(scored, expected);
    let owned: Vec<String> = responses.iter().map(|s| s.to_string()).collect();
    let owned_refs: Vec<String> = references.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        evaluator
            .score_arrays(&mut ctx, &owned, &owned_refs, None)
            .unwrap(),
        expected
    );
}

#[test]
fn score_arrays_edge_cases() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let none: [&str; 0] = [];
    assert_eq!(
        evaluator
            .score_arrays(&mut ctx, &none, &none, None)
            .unwrap(),
        vec![]
    );

    let error = evaluator
        .score_arrays(&mut ctx, &["#### 1", "#### 2"], &["1"], None)
        .unwrap_err();
    assert_eq!(error.status(), Status::INVALID_ARGUMENT);
    let error = evaluator
        .score_arrays(&mut ctx, &["#### 1"], &["1"], Some(&["p", "q"]))
        .unwrap_err();
    assert_eq!(error.status(), Status::INVALID_ARGUMENT);

    // A sample the spec cannot score is SAMPLE_ERROR, with the error score.
    let scored = evaluator
        .score_arrays(&mut ctx, &["#### 1", "#### 2"], &["1", ""], None)
        .unwrap();
    assert_eq!(scored, vec![(1.0, Status::OK), (0.0, Status::SAMPLE_ERROR)]);
    assert_eq!(scored[1].1.name(), "SAMPLE_ERROR");
}

// ---------------------------------------------------------------------------
// Normalization, the last batch, and results as JSON

#[test]
fn normalization_comes_from_the_spec() {
    assert_eq!(gsm8k().normalization(), Normalization::None);
    let text = spec_text("gsm8k.json");
    for (method, expected) in [
        ("none", Normalization::None),
        ("batch", Normalization::Batch),
        ("group", Normalization::Group),
    ] {
        let spec = text.replacen(
            '{',
            &format!(r#"{{"normalize": {{"method": "{method}"}},"#),
            1,
        );
        let evaluator = Evaluator::new(&spec).unwrap_or_else(|e| panic!("{method}: {e}"));
        assert_eq!(evaluator.normalization(), expected, "{method}");
        assert!(format!("{evaluator:?}").contains(&format!("{expected:?}")));
    }
    assert_eq!(Normalization::from_raw(2), Normalization::Group);
    assert_eq!(Normalization::from_raw(9), Normalization::Unknown(9));
}

/// The JSON of one result object against the ScoreResult it should hold.
fn assert_json_holds(json: &Json, result: &ScoreResult, what: &str) {
    assert_eq!(
        json.get("aggregate_reward_score").unwrap().as_f64(),
        result.score,
        "{what}"
    );
    let metrics = json.get("metrics_list").unwrap().as_array();
    assert_eq!(metrics.len(), result.metrics.len(), "{what}");
    for (m, expected) in metrics.iter().zip(&result.metrics) {
        assert_eq!(m.get("name").unwrap().as_str(), expected.name, "{what}");
        assert_eq!(m.get("value").unwrap().as_f64(), expected.value, "{what}");
        let kind = match expected.kind {
            MetricKind::Reward => "Reward",
            MetricKind::Metric => "Metric",
        };
        assert_eq!(m.get("type").unwrap().as_str(), kind, "{what}");
    }
    let details = json.get("details").expect("details with EXPLAIN");
    match &result.error {
        Some(error) => assert_eq!(details.get("error").unwrap().as_str(), error, "{what}"),
        None => {
            assert!(details.get("error").is_none(), "{what}");
            let found = details.get("answer_found") == Some(&Json::Bool(true));
            assert_eq!(found, result.answer_found, "{what}");
            let correct = details.get("correct") == Some(&Json::Bool(true));
            assert_eq!(correct, result.correct, "{what}");
            let answer = details.get("answer").map_or("", Json::as_str);
            assert_eq!(answer, result.answer, "{what}");
        }
    }
}

#[test]
fn last_batch_results_are_what_score_gives() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let mut other = Context::new().unwrap();
    let rows = gsm8k_rows();
    let mut responses: Vec<&[u8]> = rows.iter().map(|r| r.response.as_bytes()).collect();
    let mut references: Vec<&[u8]> = rows.iter().map(|r| r.reference.as_bytes()).collect();
    responses.extend([b"#### 18".as_slice(), b"#### 18 \xff".as_slice()]);
    references.extend([b"".as_slice(), b"18".as_slice()]);

    let scored = evaluator
        .score_arrays(&mut ctx, &responses, &references, None)
        .unwrap();
    assert_eq!(ctx.last_batch_len(), responses.len());
    let results = ctx.last_batch_results();
    assert_eq!(results.len(), responses.len());
    for (i, row) in rows.iter().enumerate() {
        let single = evaluator
            .score(&mut other, &Sample::new(&row.response, &row.reference))
            .unwrap();
        assert_eq!(results[i], single, "{}", row.id);
        assert_eq!(ctx.last_batch_result(i).as_ref(), Some(&single));
        assert_eq!(scored[i].0, single.score);
    }
    let n = rows.len();
    assert_eq!(scored[n].1, Status::SAMPLE_ERROR);
    assert!(results[n].error.as_deref().unwrap().contains("reference"));
    assert_eq!(scored[n + 1].1, Status::INVALID_UTF8);
    assert!(results[n + 1]
        .error
        .as_deref()
        .unwrap()
        .contains("response"));
    for failed in &results[n..] {
        assert_eq!(
            failed.metrics,
            vec![metric("error", 1.0, MetricKind::Metric)]
        );
        assert_eq!(failed.score, 0.0);
    }
    assert_eq!(ctx.last_batch_result(responses.len()), None);

    // Scoring one sample does not disturb the batch.
    evaluator
        .score(&mut ctx, &Sample::new("#### 1", "1"))
        .unwrap();
    assert_eq!(ctx.last_batch_results(), results);
}

#[test]
fn last_batch_json_is_the_batch_as_the_service_writes_it() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let input = data_bytes("gsm8k_bedrock.jsonl");
    let rows = gsm8k_rows();

    // After score_batch_json: the same text.
    for flags in [BatchFlags::NONE, BatchFlags::EXPLAIN] {
        let output = evaluator
            .score_batch_json(&mut ctx, &input, BatchFlags::JSON_LINES | flags)
            .unwrap();
        assert_eq!(ctx.last_batch_json(flags).unwrap(), output);
    }
    let results = ctx.last_batch_results();
    assert_eq!(results.len(), rows.len());
    for (row, result) in rows.iter().zip(&results) {
        assert_eq!(result.id, format!("\"{}\"", row.id));
    }

    // After score_arrays: everything the scores leave out.
    let responses: Vec<&str> = rows.iter().map(|r| r.response.as_str()).collect();
    let references: Vec<&str> = rows.iter().map(|r| r.reference.as_str()).collect();
    let scored = evaluator
        .score_arrays(&mut ctx, &responses, &references, None)
        .unwrap();
    let results = ctx.last_batch_results();
    let json = parse_json(&ctx.last_batch_json(BatchFlags::EXPLAIN).unwrap());
    let json = json.as_array();
    assert_eq!(json.len(), rows.len());
    for (i, (object, result)) in json.iter().zip(&results).enumerate() {
        assert_eq!(object.get("id"), Some(&Json::Null));
        assert_eq!(
            object.get("aggregate_reward_score").unwrap().as_f64(),
            scored[i].0
        );
        assert_json_holds(object, result, &rows[i].id);
    }
    assert!(results.iter().any(|r| r.correct) && results.iter().any(|r| !r.correct));
}

#[test]
fn last_result_json_holds_what_score_returned() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    for row in gsm8k_rows() {
        let metadata = format!(r#"{{"id": "{}"}}"#, row.id);
        let sample = Sample {
            metadata: Some(&metadata),
            ..Sample::new(&row.response, &row.reference)
        };
        let result = evaluator.score(&mut ctx, &sample).unwrap();
        let json = parse_json(&ctx.last_result_json(BatchFlags::EXPLAIN).unwrap());
        assert_eq!(json.get("id").unwrap().as_str(), row.id);
        assert_json_holds(&json, &result, &row.id);
        let plain = parse_json(&ctx.last_result_json(BatchFlags::NONE).unwrap());
        assert!(plain.get("details").is_none());
    }

    let failed = evaluator
        .score(&mut ctx, &Sample::new("#### 18", ""))
        .unwrap();
    let json = parse_json(&ctx.last_result_json(BatchFlags::EXPLAIN).unwrap());
    assert_json_holds(&json, &failed, "empty reference");
    assert!(json
        .get("details")
        .unwrap()
        .get("error")
        .unwrap()
        .as_str()
        .contains("reference"));
}

#[test]
fn result_json_takes_only_the_explain_flag() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    evaluator
        .score_arrays(&mut ctx, &["#### 1"], &["1"], None)
        .unwrap();
    for flags in [
        BatchFlags::JSON_LINES,
        BatchFlags::SPEC_HASH | BatchFlags::EXPLAIN,
    ] {
        let error = ctx.last_result_json(flags).unwrap_err();
        assert_eq!(error.status(), Status::INVALID_ARGUMENT, "{error}");
        assert!(error.message().contains("RK_BATCH_EXPLAIN"), "{error}");
        let error = ctx.last_batch_json(flags).unwrap_err();
        assert_eq!(error.status(), Status::INVALID_ARGUMENT, "{error}");
    }
    // The context is still usable.
    assert_eq!(
        parse_json(&ctx.last_batch_json(BatchFlags::NONE).unwrap())
            .as_array()
            .len(),
        1
    );
}

#[test]
fn a_context_without_a_batch_has_no_results() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    assert_eq!(ctx.last_batch_len(), 0);
    assert_eq!(ctx.last_batch_results(), vec![]);
    assert_eq!(ctx.last_batch_result(0), None);
    assert_eq!(ctx.last_batch_json(BatchFlags::EXPLAIN).unwrap(), "[]");
    // Before any score, the result is an empty one.
    let empty = parse_json(&ctx.last_result_json(BatchFlags::NONE).unwrap());
    assert_eq!(empty.get("metrics_list").unwrap().as_array().len(), 0);

    evaluator
        .score_arrays(&mut ctx, &["#### 1"], &["1"], None)
        .unwrap();
    assert_eq!(ctx.last_batch_len(), 1);
    let none: [&str; 0] = [];
    evaluator
        .score_arrays(&mut ctx, &none, &none, None)
        .unwrap();
    assert_eq!(ctx.last_batch_len(), 0);
    assert_eq!(ctx.last_batch_json(BatchFlags::NONE).unwrap(), "[]");
}

// ---------------------------------------------------------------------------
// Threads

#[test]
fn shared_evaluator_gives_the_same_results_on_eight_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    fn assert_send<T: Send>() {}
    assert_send_sync::<Evaluator>();
    assert_send::<Context>();

    let evaluator = Arc::new(gsm8k());
    let rows = Arc::new(gsm8k_rows());
    let input = Arc::new(data_bytes("gsm8k_bedrock.jsonl"));

    let score_all = |evaluator: &Evaluator, ctx: &mut Context, rows: &[Row], start: usize| {
        // Visit the rows from `start`, so that threads interleave differently,
        // and return the results in row order.
        let mut results: Vec<Option<ScoreResult>> = vec![None; rows.len()];
        for k in 0..rows.len() {
            let i = (start + k) % rows.len();
            let row = &rows[i];
            let metadata = format!(r#"{{"id": "{}"}}"#, row.id);
            let sample = Sample {
                response: &row.response,
                reference: &row.reference,
                prompt: Some(&row.prompt),
                metadata: Some(&metadata),
            };
            results[i] = Some(evaluator.score(ctx, &sample).unwrap());
        }
        results.into_iter().map(Option::unwrap).collect::<Vec<_>>()
    };

    let mut ctx = Context::new().unwrap();
    let expected = score_all(&evaluator, &mut ctx, &rows, 0);
    let expected_batch = evaluator
        .score_batch_json(&mut ctx, input.as_slice(), BatchFlags::JSON_LINES)
        .unwrap();
    assert_eq!(expected.len(), 96);
    assert_eq!(expected[5].id, format!("\"{}\"", rows[5].id));

    let handles: Vec<_> = (0..8)
        .map(|t| {
            let evaluator = Arc::clone(&evaluator);
            let rows = Arc::clone(&rows);
            let input = Arc::clone(&input);
            thread::spawn(move || {
                let mut ctx = Context::new().unwrap();
                let mut runs = Vec::new();
                for round in 0..3 {
                    let results = score_all(&evaluator, &mut ctx, &rows, t * 11 + round);
                    let batch = evaluator
                        .score_batch_json(&mut ctx, input.as_slice(), BatchFlags::JSON_LINES)
                        .unwrap();
                    runs.push((results, batch));
                }
                runs
            })
        })
        .collect();
    for (t, handle) in handles.into_iter().enumerate() {
        for (results, batch) in handle.join().expect("the thread does not panic") {
            assert!(results == expected, "thread {t}: per-sample results differ");
            assert!(batch == expected_batch, "thread {t}: batch results differ");
        }
    }
}

#[test]
fn a_context_moves_between_threads() {
    let evaluator = Arc::new(gsm8k());
    let mut ctx = Context::new().unwrap();
    let first = evaluator
        .score(&mut ctx, &Sample::new("#### 4", "4"))
        .unwrap();
    let shared = Arc::clone(&evaluator);
    let (ctx, second) = thread::spawn(move || {
        let second = shared.score(&mut ctx, &Sample::new("#### 4", "4")).unwrap();
        (ctx, second)
    })
    .join()
    .unwrap();
    assert_eq!(first, second);
    drop(ctx);
}

// ---------------------------------------------------------------------------
// Versions and status codes

#[test]
fn versions_agree() {
    let parts: Vec<i32> = rewardkit::version()
        .split('.')
        .map(|p| p.parse().expect("a numeric version part"))
        .collect();
    assert_eq!(parts.len(), 3, "{}", rewardkit::version());
    assert_eq!(
        parts[0] * 10000 + parts[1] * 100 + parts[2],
        rewardkit::version_number()
    );
    assert!(rewardkit::version_number() >= rewardkit::HEADER_VERSION_NUMBER);
    assert_eq!(rewardkit::abi_version(), rewardkit::ABI_VERSION);
}

#[test]
fn status_names_come_from_the_library() {
    assert_eq!(Status::OK.name(), "OK");
    assert_eq!(Status::INVALID_ARGUMENT.name(), "INVALID_ARGUMENT");
    assert_eq!(Status::INVALID_UTF8.name(), "INVALID_UTF8");
    assert_eq!(Status::INVALID_SPEC.name(), "INVALID_SPEC");
    assert_eq!(Status::INVALID_JSON.name(), "INVALID_JSON");
    assert_eq!(Status::SAMPLE_ERROR.name(), "SAMPLE_ERROR");
    assert_eq!(Status::from_code(99).name(), "UNKNOWN");
    assert_eq!(Status::from_code(101), Status::INVALID_SPEC);
    assert!(Status::OK.is_ok() && !Status::INTERNAL.is_ok());
    assert_eq!(
        BatchFlags::from_bits(5),
        BatchFlags::JSON_LINES | BatchFlags::SPEC_HASH
    );
}

// ---------------------------------------------------------------------------
// A small JSON parser, enough to read samples and results (no crates here).

#[derive(Clone, Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn as_str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            other => panic!("expected a string, got {other:?}"),
        }
    }
    fn as_f64(&self) -> f64 {
        match self {
            Json::Num(n) => *n,
            other => panic!("expected a number, got {other:?}"),
        }
    }
    fn as_array(&self) -> &[Json] {
        match self {
            Json::Arr(items) => items,
            other => panic!("expected an array, got {other:?}"),
        }
    }
}

fn parse_json(text: &str) -> Json {
    let mut parser = JsonParser {
        s: text.as_bytes(),
        i: 0,
    };
    let value = parser.value();
    parser.ws();
    assert_eq!(
        parser.i,
        parser.s.len(),
        "text after the JSON value: {text}"
    );
    value
}

struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && b" \t\r\n".contains(&self.s[self.i]) {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(
            self.s.get(self.i),
            Some(&c),
            "expected '{}' at {}",
            c as char,
            self.i
        );
        self.i += 1;
    }
    fn peek(&mut self) -> u8 {
        self.ws();
        *self.s.get(self.i).expect("unexpected end of JSON")
    }
    fn value(&mut self) -> Json {
        match self.peek() {
            b'{' => {
                self.eat(b'{');
                let mut members = Vec::new();
                if self.peek() == b'}' {
                    self.i += 1;
                    return Json::Obj(members);
                }
                loop {
                    let key = self.string();
                    self.eat(b':');
                    members.push((key, self.value()));
                    match self.peek() {
                        b',' => self.i += 1,
                        _ => {
                            self.eat(b'}');
                            return Json::Obj(members);
                        }
                    }
                }
            }
            b'[' => {
                self.eat(b'[');
                let mut items = Vec::new();
                if self.peek() == b']' {
                    self.i += 1;
                    return Json::Arr(items);
                }
                loop {
                    items.push(self.value());
                    match self.peek() {
                        b',' => self.i += 1,
                        _ => {
                            self.eat(b']');
                            return Json::Arr(items);
                        }
                    }
                }
            }
            b'"' => Json::Str(self.string()),
            _ => {
                let start = self.i;
                while self.i < self.s.len() && !b",]} \t\r\n".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                match &self.s[start..self.i] {
                    b"null" => Json::Null,
                    b"true" => Json::Bool(true),
                    b"false" => Json::Bool(false),
                    number => Json::Num(
                        std::str::from_utf8(number)
                            .unwrap()
                            .parse()
                            .unwrap_or_else(|_| panic!("bad JSON token at {start}")),
                    ),
                }
            }
        }
    }
    fn hex4(&mut self) -> u32 {
        let digits = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
        self.i += 4;
        u32::from_str_radix(digits, 16).unwrap()
    }
    fn string(&mut self) -> String {
        self.eat(b'"');
        let mut out = Vec::new();
        loop {
            let c = self.s[self.i];
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).expect("UTF-8 in a JSON string"),
                b'\\' => {
                    let e = self.s[self.i];
                    self.i += 1;
                    let ch = match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => {
                            let mut code = self.hex4();
                            if (0xd800..0xdc00).contains(&code) {
                                assert_eq!(&self.s[self.i..self.i + 2], b"\\u");
                                self.i += 2;
                                let low = self.hex4();
                                code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                            }
                            char::from_u32(code).expect("a valid \\u escape")
                        }
                        other => other as char,
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(c),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Regressions: bugs found in the library through these bindings.

#[test]
fn json_lines_starting_with_a_trajectories_object_keep_every_line() {
    let evaluator = gsm8k();
    let mut ctx = Context::new().unwrap();
    let lines =
        "{\"trajectories\": [{\"id\": 1, \"response\": \"A: 3\", \"reference_answer\": 3}]}\n\
                 {\"id\": 2, \"response\": \"A: 3\", \"reference_answer\": 3}\n";
    let results = parse_json(
        &evaluator
            .score_batch_json(&mut ctx, lines, BatchFlags::JSON_LINES)
            .unwrap(),
    );
    // Two lines, two results (as `rewardkit score` gives for the same file).
    assert_eq!(results.as_array().len(), 2, "{results:?}");
}

#[test]
fn the_json_and_the_accessors_agree_on_the_sign_of_zero() {
    let spec = r#"{"version": "rewardkit/v1", "name": "rep",
        "components": [
          {"type": "correctness", "extract": {"type": "marker", "markers": ["Answer:"]},
           "compare": {"type": "numeric"}},
          {"type": "repetition", "n": 4, "max_penalty": 0.5}]}"#;
    let evaluator = Evaluator::new(spec).unwrap();
    let mut ctx = Context::new().unwrap();
    let result = evaluator
        .score(
            &mut ctx,
            &Sample::new("nine times two is 18. Answer: 18", "18"),
        )
        .unwrap();
    let json = parse_json(&ctx.last_result_json(BatchFlags::NONE).unwrap());
    let metrics = json.get("metrics_list").unwrap().as_array();
    for (m, expected) in metrics.iter().zip(&result.metrics) {
        let value = m.get("value").unwrap().as_f64();
        assert_eq!(
            value.to_bits(),
            expected.value.to_bits(),
            "{}: JSON {value:?}, rk_result_metric_value {:?}",
            expected.name,
            expected.value
        );
    }
}
