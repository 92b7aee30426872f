// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The components of a composite reward: each scores one dimension of a
// response (correctness, format, length, language, safety, repetition,
// similarity) and is read from its object in a spec's "components" array.

#ifndef REWARDKIT_SRC_COMPONENTS_H_
#define REWARDKIT_SRC_COMPONENTS_H_

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rewardkit/evaluator.h"
#include "rewardkit/json_schema.h"
#include "rewardkit/safety.h"
#include "rewardkit/text_metrics.h"
#include "sample_io.h"
#include "simdjson.h"
#include "spec_reader.h"

namespace rewardkit {

namespace internal {
// One result's part in a batch's normalization (Evaluator::NormalizeBatch).
struct NormalizeEntry {
  std::string_view group;
  double value = 0.0;
  size_t index = 0;  // in the batch
};
}  // namespace internal

// Per-thread scratch shared by the evaluator and its components.
struct Context::Impl {
  simdjson::dom::parser parser;  // the sample
  // A whole batch, parsed at once when it is well-formed (ScoreBatch).
  simdjson::dom::parser batch_parser;
  std::string batch_padded;
  // The sample copied with simdjson's padding, so parsing never reallocates.
  std::string padded;
  // Text parts of a multi-part message, joined.
  std::string joined;
  simdjson::dom::parser extract_parser;  // JSON sought by extractors (similarity, format)
  JsonSchema::Scratch schema_scratch;    // JSON found inside a response
  std::vector<int> matches;              // blocklist hits
  std::vector<PiiHit> pii;               // PII hits
  TextMetricsScratch text_metrics;       // repetition and similarity
  std::vector<double> values;            // component values of one sample
  std::vector<Verdict> verdicts;         // correctness verdicts of one sample
  std::vector<Verdict*> verdict_of;      // each component's verdict, or null
  internal::SampleFields fields;         // the sample being read (ScoreBatch)
  bool verdict_texts = true;             // Context::set_verdict_texts
  std::vector<internal::NormalizeEntry> normalize_scratch;  // NormalizeBatch
  // ScoreBatchJson: the results of a batch it scores through ScoreBatch,
  // and, on its direct path, a sample's id and (when the sample takes the
  // general path) result.
  std::vector<Result> batch_results;
  std::string batch_id;
  Result batch_result;
};

namespace internal {

// What a component sees of one sample.
struct ComponentInput {
  std::string_view response;
  std::string_view reference;
  std::string_view prompt;
  double response_tokens = -1.0;  // supplied with the sample; < 0 when not
  // The verdicts of the correctness components, by component index (null
  // for other components). Correctness components are scored first, so every
  // other component can read them.
  const std::vector<Verdict*>* verdicts = nullptr;

  // The verdict of the component at `index`, or null when it has none.
  const Verdict* verdict(size_t index) const {
    return verdicts != nullptr && index < verdicts->size() ? (*verdicts)[index] : nullptr;
  }
};

// A gate forces the aggregate to `value` when the component's value is
// below `min` (a safety hit, malformed JSON).
struct Gate {
  bool enabled = false;
  double min = 1.0;
  double value = 0.0;
};

// What a correctness component decided for a sample, which fixes its value
// and its metrics: every other verdict field is detail.
enum class Outcome { kNoAnswer, kWrong, kCorrect, kFallbackCorrect };
inline constexpr size_t kOutcomes = 4;

class OutcomeComponent;

class Component {
 public:
  virtual ~Component() = default;

  // Returns the component's value for `in`. Never fails; a correctness
  // component also fills `*verdict` (others leave it alone).
  virtual double Score(const ComponentInput& in, Context::Impl& ctx, Verdict* verdict) const = 0;

  // A response that states `reference` the way this component expects an
  // answer (correctness components: inside the first extractor's form).
  virtual std::string RenderReference(std::string_view reference) const {
    return std::string(reference);
  }

  // True for correctness components, which are scored before the others.
  virtual bool is_correctness() const { return false; }
  // This component, when its value is fixed by an Outcome (a correctness
  // component); null for others.
  virtual const OutcomeComponent* as_outcome() const { return nullptr; }
  // How many metrics the component reports besides its own value: always
  // the same number, so that a spec's results all have one layout.
  virtual size_t ExtraMetricCount() const { return 0; }
  // Writes those metrics at out[0, ExtraMetricCount()).
  virtual void ExtraMetrics(const Verdict& verdict, Metric* out) const {
    (void)verdict;
    (void)out;
  }
  // The range the value lies in, for reports and clamping checks.
  virtual double min_value() const { return 0.0; }
  virtual double max_value() const { return 1.0; }
  // One line for `rewardkit check-spec`: what the component checks.
  virtual std::string Describe() const = 0;

  std::string type;
  std::string name;
  double weight = 1.0;
  bool reward = true;  // counts toward the aggregate ("Reward"), or only reported ("Metric")
  Gate gate;
};

// A component whose value is one of kOutcomes values, fixed by the sample's
// Outcome, and whose extra metrics depend only on it: a correctness
// component.
class OutcomeComponent : public Component {
 public:
  // The outcome Score decides for `in`, without a verdict: for callers that
  // need only the value and metrics (ScoreBatchJson).
  virtual Outcome Decide(const ComponentInput& in, Context::Impl& ctx) const = 0;
  // The value for each outcome, by Outcome.
  virtual std::array<double, kOutcomes> outcome_values() const = 0;
  const OutcomeComponent* as_outcome() const final { return this; }
};

// Everything a component reader may need besides its own object.
struct ComponentReadContext {
  // The names of the correctness components declared anywhere in the spec,
  // with their indexes, for components that refer to one.
  std::vector<std::pair<std::string, size_t>> correctness;
};

// The component types, in the order the spec documentation lists them.
const std::vector<std::string_view>& ComponentTypes();

// Reads the component object at `r` (its "type" already checked to be one
// of ComponentTypes()). Records every error in `errors` and returns null when
// there was one.
std::unique_ptr<Component> ReadComponent(SpecReader& r, std::string_view type,
                                         const ComponentReadContext& context, SpecErrors* errors);

}  // namespace internal
}  // namespace rewardkit

#endif  // REWARDKIT_SRC_COMPONENTS_H_
