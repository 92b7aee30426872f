// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// The service's sample shapes in, its result objects out, and batch splitting.

#include "sample_io.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "fmt/format.h"
#include "json_util.h"
#include "rewardkit/evaluator.h"

namespace rewardkit {
namespace internal {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string TypeOf(element e) { return std::string(internal::JsonTypeName(e.type())); }

// Whether `s` is only JSON whitespace (or empty): a reference answer that
// is an error. A plain loop: std::all_of's unrolled one switches on the
// length, a branch miss on every sample whose answer is its first byte.
bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (!IsJsonSpace(c)) return false;
  }
  return true;
}

// Returns the text of a message's content: a string, or the text parts of an
// array of parts ({"type": "text", "text": ...} or bare strings), joined.
bool ReadContent(element content, size_t turn, std::string* joined, std::string_view* out,
                 std::vector<std::string>* errors) {
  // The content's JSON Pointer, spelled out only for an error.
  auto pointer = [turn] { return fmt::format("/messages/{}/content", turn); };
  std::string_view s;
  if (content.get_string().get(s) == simdjson::SUCCESS) {
    *out = s;
    return true;
  }
  simdjson::dom::array parts;
  if (content.get_array().get(parts) != simdjson::SUCCESS) {
    errors->push_back(fmt::format("{}: expected a string or an array of content parts, got {}",
                                  pointer(), TypeOf(content)));
    return false;
  }
  joined->clear();
  size_t i = 0;
  size_t texts = 0;
  for (element part : parts) {
    std::string_view text;
    if (part.get_string().get(text) == simdjson::SUCCESS) {
      joined->append(text);
      ++texts;
    } else {
      std::string_view type;
      if (part["type"].get(type) == simdjson::SUCCESS && type == "text") {
        if (part["text"].get(text) != simdjson::SUCCESS) {
          errors->push_back(
              fmt::format("{}/{}/text: a text part needs a string \"text\"", pointer(), i));
          return false;
        }
        joined->append(text);
        ++texts;
      }
    }
    ++i;
  }
  if (texts == 0) {
    errors->push_back(fmt::format("{}: no text part (parts of type \"text\")", pointer()));
    return false;
  }
  *out = *joined;
  return true;
}

// Reads the reference answer at `e` into fields->sample.reference. Its JSON Pointer
// is `pointer`, or `pointer`/`key` when `key` is not empty; it is spelled out
// only for an error, so that reading a good sample allocates nothing.
void ReadReference(element e, std::string_view pointer, std::string_view key,
                   const InputOptions& input, SampleFields* fields) {
  auto where = [&] {
    return key.empty() ? std::string(pointer)
                       : fmt::format("{}/{}", pointer, internal::JsonPointerToken(key));
  };
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) {
    if (IsBlank(s)) {
      fields->errors.push_back(fmt::format("{}: the reference answer is empty", where()));
    }
    fields->sample.reference = s;
    return;
  }
  switch (e.type()) {
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      fields->reference_text = simdjson::minify(e);
      fields->sample.reference = fields->reference_text;
      return;
    case element_type::OBJECT:
      if (!key.empty()) break;  // an object in an object: not an answer
      for (const std::string& k : input.reference_keys) {
        element v;
        if (e[k].get(v) != simdjson::SUCCESS) continue;
        if (v.type() == element_type::OBJECT) break;
        ReadReference(v, pointer, k, input, fields);
        return;
      }
      {
        std::string keys;
        for (const std::string& k : input.reference_keys) {
          keys += keys.empty() ? "\"" : ", \"";
          keys += k + "\"";
        }
        fields->errors.push_back(
            fmt::format("{}: the reference object has none of the keys {}", where(), keys));
      }
      return;
    default:
      break;
  }
  fields->errors.push_back(
      fmt::format("{}: expected a string, a number or an object holding the answer, got {}",
                  where(), TypeOf(e)));
}

// Whether `e` is an object with the member `key`; `*value` is the first
// such member's value. One pass, comparing lengths first.
bool FirstMember(element e, std::string_view key, element* value) {
  simdjson::dom::object members;
  if (e.get_object().get(members) != simdjson::SUCCESS) return false;
  for (auto [k, v] : members) {
    if (k.size() == key.size() && k == key) {
      *value = v;
      return true;
    }
  }
  return false;
}

// Whether `list` holds `s`; lengths compared first, as most roles differ in
// length ("user", "assistant").
bool Contains(const std::vector<std::string>& list, std::string_view s) {
  for (const std::string& item : list) {
    if (item.size() == s.size() && std::memcmp(item.data(), s.data(), s.size()) == 0) return true;
  }
  return false;
}

}  // namespace

namespace {

// Makes `*out` the JSON text of a string or integer, as simdjson::minify
// would write it, reusing `*out`'s buffer (minify builds a new string).
void AssignScalarJson(element value, std::string* out) {
  out->clear();
  // fmt::format_int rather than std::to_chars, whose libstdc++ 12 version
  // builds its table of digit pairs on the stack on every call.
  switch (value.type()) {
    case element_type::STRING:
      AppendJsonString(value.get_string().value_unsafe(), out);
      return;
    case element_type::INT64: {
      const fmt::format_int digits(value.get_int64().value_unsafe());
      out->append(digits.data(), digits.size());
      return;
    }
    case element_type::UINT64: {
      const fmt::format_int digits(value.get_uint64().value_unsafe());
      out->append(digits.data(), digits.size());
      return;
    }
    default:
      out->append(simdjson::minify(value));
      return;
  }
}

// The members of a sample object that ReadSample reads, by key; kOther for
// any it does not. ReadGoodFlatSample reads the same keys, so that what one
// reads the other knows of.
enum class SampleKey : uint8_t {
  kOther,
  kId,
  kUid,
  kGroupId,
  kResponseTokens,
  kMessages,
  kResponse,
  kPrompt,
  kReferenceAnswer,
  kMetadata,
  kGroundTruth,
};

// Inlined: called as a function it cost ReadSample a call a member, 21
// instructions a GSM8K sample.
[[gnu::always_inline]] inline SampleKey KeyOf(std::string_view key) {
  switch (key.size()) {
    case 2: return key == "id" ? SampleKey::kId : SampleKey::kOther;
    case 3: return key == "uid" ? SampleKey::kUid : SampleKey::kOther;
    case 6: return key == "prompt" ? SampleKey::kPrompt : SampleKey::kOther;
    case 8:
      return key == "messages"   ? SampleKey::kMessages
             : key == "response" ? SampleKey::kResponse
             : key == "group_id" ? SampleKey::kGroupId
             : key == "metadata" ? SampleKey::kMetadata
                                 : SampleKey::kOther;
    case 12: return key == "ground_truth" ? SampleKey::kGroundTruth : SampleKey::kOther;
    case 15: return key == "response_tokens" ? SampleKey::kResponseTokens : SampleKey::kOther;
    case 16: return key == "reference_answer" ? SampleKey::kReferenceAnswer : SampleKey::kOther;
    default: return SampleKey::kOther;
  }
}

}  // namespace

void ReadSample(simdjson::dom::element root, const InputOptions& input, std::string_view default_id,
                std::string* joined, std::string* id, SampleFields* fields) {
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) {
    id->assign("null");
    fields->errors.push_back(fmt::format("/: expected a sample object, got {}", TypeOf(root)));
    return;
  }
  // The members read, found in one pass over the object instead of a search
  // of it per field. The first of duplicate keys counts, as object[key] has
  // it. A member's value is built only once it is found: building ten empty
  // elements for every sample cost more than reading the few that are there.
  struct Member {
    union {
      element value;  // built by Set; read only when `present`
    };
    bool present = false;
    Member() {}
    void Set(element v) {
      if (present) return;
      new (&value) element(v);
      present = true;
    }
  };
  static_assert(std::is_trivially_destructible_v<element>, "Member never destroys `value`");
  Member id_member, group_id, uid, tokens_member, messages_member, response_member,
      prompt_member, reference_member, metadata_member, ground_truth;
  // By SampleKey: where each member read goes (none for kOther).
  Member* const targets[] = {nullptr,          &id_member,       &uid,
                             &group_id,        &tokens_member,   &messages_member,
                             &response_member, &prompt_member,   &reference_member,
                             &metadata_member, &ground_truth};
  for (auto [key, value] : object) {
    if (Member* m = targets[static_cast<size_t>(KeyOf(key))]) m->Set(value);
  }

  // The id.
  if (!id_member.present) {
    if (default_id.empty()) {
      id->assign("null");
      fields->errors.push_back("/id: missing");
    } else {
      id->assign(default_id);
    }
  } else if (const element id_value = id_member.value;
             id_value.type() == element_type::STRING || id_value.type() == element_type::INT64 ||
             id_value.type() == element_type::UINT64) {
    AssignScalarJson(id_value, id);
  } else {
    id->assign("null");
    fields->errors.push_back(
        fmt::format("/id: expected a string or an integer, got {}", TypeOf(id_value)));
  }

  // Optional: a group for group normalization, and the response's length in
  // tokens as the generator counted it.
  for (const auto& [key, member] : {std::pair<const char*, const Member&>{"group_id", group_id},
                                    {"uid", uid}}) {
    if (!member.present) continue;
    const element group = member.value;
    if (group.type() == element_type::STRING || group.type() == element_type::INT64 ||
        group.type() == element_type::UINT64) {
      AssignScalarJson(group, &fields->group);
      fields->sample.group = fields->group;
    } else {
      fields->errors.push_back(
          fmt::format("/{}: expected a string or an integer, got {}", key, TypeOf(group)));
    }
    break;
  }
  if (tokens_member.present) {
    const element tokens = tokens_member.value;
    double n = 0.0;
    if (tokens.type() == element_type::BOOL || tokens.get_double().get(n) != simdjson::SUCCESS ||
        !(n >= 0.0)) {
      fields->errors.push_back(fmt::format(
          "/response_tokens: expected a non-negative number, got {}", simdjson::minify(tokens)));
    } else {
      fields->sample.response_tokens = n;
    }
  }

  // The response: the last assistant turn of "messages", or a flat "response".
  if (messages_member.present) {
    const element messages = messages_member.value;
    simdjson::dom::array turns;
    if (messages.get_array().get(turns) != simdjson::SUCCESS) {
      fields->errors.push_back(
          fmt::format("/messages: expected an array of turns, got {}", TypeOf(messages)));
    } else {
      // One pass over each turn's members for its role and its content,
      // kept for the last assistant turn and the last user turn. The first
      // of duplicate keys counts, as turn["role"] has it.
      size_t i = 0;
      long assistant = -1;
      long user = -1;
      std::optional<element> assistant_content;
      std::optional<element> user_content;
      for (element turn : turns) {
        std::optional<element> role_value;
        std::optional<element> content;
        simdjson::dom::object members;
        if (turn.get_object().get(members) == simdjson::SUCCESS) {
          for (auto [key, value] : members) {
            if (key.size() == 4 && key == "role") {
              if (!role_value) role_value = value;
            } else if (key.size() == 7 && key == "content") {
              if (!content) content = value;
            }
          }
        }
        std::string_view role;
        if (!role_value || role_value->get_string().get(role) != simdjson::SUCCESS) {
          fields->errors.push_back(fmt::format("/messages/{}/role: missing or not a string", i));
        } else if (Contains(input.assistant_roles, role)) {
          assistant = static_cast<long>(i);
          assistant_content = content;
        } else if (role == "user") {
          user = static_cast<long>(i);
          user_content = content;
        }
        ++i;
      }
      if (assistant < 0 && fields->errors.empty()) {
        std::string roles;
        for (const std::string& r : input.assistant_roles) {
          roles += roles.empty() ? "\"" : " or \"";
          roles += r + "\"";
        }
        fields->errors.push_back(fmt::format("/messages: no turn with role {}", roles));
      }
      if (assistant >= 0) {
        if (!assistant_content) {
          fields->errors.push_back(fmt::format("/messages/{}/content: missing", assistant));
        } else {
          ReadContent(*assistant_content, static_cast<size_t>(assistant), joined,
                      &fields->sample.response, &fields->errors);
        }
      }
      std::string_view prompt;
      if (user >= 0 && user < assistant && user_content &&
          user_content->get_string().get(prompt) == simdjson::SUCCESS) {
        fields->sample.prompt = prompt;
      }
    }
  } else if (response_member.present) {
    const element response = response_member.value;
    if (response.get_string().get(fields->sample.response) != simdjson::SUCCESS) {
      fields->errors.push_back(
          fmt::format("/response: expected a string, got {}", TypeOf(response)));
    }
    std::string_view prompt;
    if (prompt_member.present && prompt_member.value.get(prompt) == simdjson::SUCCESS) {
      fields->sample.prompt = prompt;
    }
  } else {
    fields->errors.push_back("/messages: missing (and no flat \"response\")");
  }

  // The reference: top level, or in "metadata".
  element reference;
  if (reference_member.present) {
    ReadReference(reference_member.value, "/reference_answer", {}, input, fields);
  } else if (metadata_member.present && FirstMember(metadata_member.value, "reference_answer",
                                                    &reference)) {
    ReadReference(reference, "/metadata/reference_answer", {}, input, fields);
  } else if (ground_truth.present) {
    ReadReference(ground_truth.value, "/ground_truth", {}, input, fields);
  } else {
    fields->errors.push_back(
        "/reference_answer: missing (looked at /reference_answer, "
        "/metadata/reference_answer and /ground_truth)");
  }
}

bool ReadGoodFlatSample(simdjson::dom::element root, std::string* id, Sample* sample) {
  simdjson::dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return false;
  // Any member ReadSample reads but these three sends the sample to it, as
  // does a second of one of these.
  std::string_view response;
  std::string_view reference;
  element id_value;
  bool has_id = false;
  bool has_response = false;
  bool has_reference = false;
  for (auto [key, value] : object) {
    switch (KeyOf(key)) {
      case SampleKey::kOther:
        break;
      case SampleKey::kId:
        if (has_id) return false;
        has_id = true;
        id_value = value;
        break;
      case SampleKey::kResponse:
        if (has_response || value.get_string().get(response) != simdjson::SUCCESS) return false;
        has_response = true;
        break;
      case SampleKey::kReferenceAnswer:
        if (has_reference || value.get_string().get(reference) != simdjson::SUCCESS) return false;
        has_reference = true;
        break;
      default:
        return false;  // a member ReadSample reads, and this does not
    }
  }
  if (!has_id || !has_response || !has_reference) return false;
  const element_type type = id_value.type();
  if (type != element_type::STRING && type != element_type::INT64 &&
      type != element_type::UINT64) {
    return false;
  }
  if (IsBlank(reference)) return false;  // an error ReadSample reports
  AssignScalarJson(id_value, id);
  sample->response = response;
  sample->reference = reference;
  return true;
}

}  // namespace internal

// -----------------------------------------------------------------------------
// Writing results
// -----------------------------------------------------------------------------

namespace {

// Copies the string literal `s` (without its NUL) to `p`; returns the end.
// A constant size, so the copy compiles to a few stores.
template <size_t N>
char* Put(char* p, const char (&s)[N]) {
  std::memcpy(p, s, N - 1);
  return p + N - 1;
}

char* Put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

// The most bytes WritePlainResult writes for `result`, or 0 when one of its
// metric names needs escaping and so the general writer.
size_t PlainResultBound(const Result& result) {
  constexpr size_t kFixed = sizeof "{\"id\":,\"aggregate_reward_score\":,\"metrics_list\":[]}";
  constexpr size_t kPerMetric = sizeof ",{\"name\":\"\",\"value\":,\"type\":\"Metric\"}";
  size_t bound = kFixed + result.id.size() + internal::kMaxJsonNumberSize;
  for (const Metric& m : result.metrics) {
    if (!internal::IsPlainJsonText(m.name)) return 0;
    bound += kPerMetric + m.name.size() + internal::kMaxJsonNumberSize;
  }
  return bound;
}

// Writes the service's result object for `result`, whose metric names need no
// escaping, at `p`; returns the end. Pieces of constant size are stores, not
// calls: this is most of a reward service's output.
char* WritePlainResult(const Result& result, char* p) {
  p = Put(p, "{\"id\":");
  p = Put(p, result.id);
  p = Put(p, ",\"aggregate_reward_score\":");
  p = internal::WriteJsonNumber(result.aggregate, p);
  p = Put(p, ",\"metrics_list\":[");
  for (size_t i = 0; i < result.metrics.size(); ++i) {
    const Metric& m = result.metrics[i];
    p = i ? Put(p, ",{\"name\":\"") : Put(p, "{\"name\":\"");
    p = Put(p, m.name);
    p = Put(p, "\",\"value\":");
    p = internal::WriteJsonNumber(m.value, p);
    p = m.reward ? Put(p, ",\"type\":\"Reward\"}") : Put(p, ",\"type\":\"Metric\"}");
  }
  return Put(p, "]}");
}

// Whether AppendResultJson may take the plain path for these options.
bool PlainOptions(const OutputOptions& options) {
  return !options.explain && options.spec_hash.empty();
}

// Appends `result` as WritePlainResult writes it; false, having appended
// nothing, when a metric name needs escaping. A result of usual size is
// written on the stack and appended in one copy: growing `out` first would
// fill the new bytes with zeros only to overwrite them.
bool AppendPlainResult(const Result& result, std::string* out) {
  const size_t bound = PlainResultBound(result);
  if (bound == 0) return false;
  char local[1024];
  if (bound <= sizeof local) {
    out->append(local, static_cast<size_t>(WritePlainResult(result, local) - local));
    return true;
  }
  const size_t start = out->size();
  out->resize(start + bound);
  char* const begin = out->data() + start;
  out->resize(start + static_cast<size_t>(WritePlainResult(result, begin) - begin));
  return true;
}

// The JSON between the values of a result, shared by every result whose
// metrics have the same names (the same strings, by address), types and
// count: all the results of one evaluator, as a batch's are. Made once a
// batch, it turns writing a result into its id, its numbers and copies of
// these pieces. Holds no heap memory, so that writing allocates nothing.
class ResultLayout {
 public:
  // Makes the layout of `r`; false when it has too many metrics, too long
  // names or a name that needs escaping (the general writer's work).
  bool Build(const Result& r) {
    const size_t n = r.metrics.size();
    if (n > kMaxMetrics) return false;
    size_ = 0;
    metrics_ = n;
    if (!Add(",\"aggregate_reward_score\":")) return false;
    pieces_[0] = Cut();
    if (!Digit(0)) return false;
    if (!Add(",\"metrics_list\":[")) return false;
    for (size_t i = 0; i < n; ++i) {
      const Metric& m = r.metrics[i];
      if (!internal::IsPlainJsonText(m.name)) return false;
      if (i > 0 && !Add(r.metrics[i - 1].reward ? ",\"type\":\"Reward\"}," : ",\"type\":\"Metric\"},")) {
        return false;
      }
      if (!Add("{\"name\":\"") || !Add(m.name) || !Add("\",\"value\":")) return false;
      pieces_[i + 1] = Cut();
      if (!Digit(i + 1)) return false;
      names_[i] = m.name;
      rewards_[i] = m.reward;
    }
    if (n > 0 && !Add(r.metrics[n - 1].reward ? ",\"type\":\"Reward\"}" : ",\"type\":\"Metric\"}")) {
      return false;
    }
    if (!Add("]}")) return false;
    pieces_[n + 1] = Cut();
    bound_ = size_ + sizeof "{\"id\":" + (n + 1) * internal::kMaxJsonNumberSize + kSpan;
    short_pieces_ = true;
    for (size_t k = 0; k < n + 2; ++k) short_pieces_ &= pieces_[k].size <= kSpan;
    // A copy reads up to kSpan - 1 bytes past the end: bytes that are
    // defined.
    std::memset(text_ + size_, 0, kSpan);
    return true;
  }

  // Whether `r` has this layout.
  bool Fits(const Result& r) const {
    if (r.metrics.size() != metrics_) return false;
    // Every difference gathered, then one branch: a result almost always fits.
    uintptr_t differ = 0;
    for (size_t i = 0; i < metrics_; ++i) {
      const Metric& m = r.metrics[i];
      differ |= (reinterpret_cast<uintptr_t>(m.name.data()) ^
                 reinterpret_cast<uintptr_t>(names_[i].data())) |
                (m.name.size() ^ names_[i].size()) | static_cast<uintptr_t>(m.reward != rewards_[i]);
    }
    return differ == 0;
  }

  // The most bytes Write writes for `r`, chunk copies' overrun included.
  size_t Bound(const Result& r) const { return bound_ + r.id.size(); }

  // Writes `r`, which Fits, at `p`; returns the end.
  char* Write(const Result& r, char* p) const {
    p = Put(p, "{\"id\":");
    p = internal::PutId(p, r.id);
    // Scores are mostly 0 or 1. When all of this result's are, it is the
    // whole copied sixty-four bytes at a time, a fixed count for the
    // layout, and a digit put in each place: half the stores of the copies
    // of each piece below, and one branch for every value.
    const uint64_t aggregate = std::bit_cast<uint64_t>(r.aggregate);
    uint64_t other = internal::NotZeroOrOne(aggregate);
    for (size_t i = 0; i < metrics_; ++i) {
      other |= internal::NotZeroOrOne(std::bit_cast<uint64_t>(r.metrics[i].value));
    }
    if (other == 0) {
      for (size_t c = 0; c < size_; c += kSpan) {
        std::memcpy(p + c, text_ + c, kChunk);
        std::memcpy(p + c + kChunk, text_ + c + kChunk, kChunk);
        std::memcpy(p + c + 2 * kChunk, text_ + c + 2 * kChunk, kChunk);
        std::memcpy(p + c + 3 * kChunk, text_ + c + 3 * kChunk, kChunk);
      }
      p[digits_[0]] = static_cast<char>('0' + (aggregate == internal::kOneBits));
      for (size_t i = 0; i < metrics_; ++i) {
        const bool one = std::bit_cast<uint64_t>(r.metrics[i].value) == internal::kOneBits;
        p[digits_[i + 1]] = static_cast<char>('0' + one);
      }
      return p + size_;
    }
    p = Copy(p, 0);
    p = internal::WriteJsonNumber(r.aggregate, p);
    for (size_t i = 0; i < metrics_; ++i) {
      p = Copy(p, i + 1);
      p = internal::WriteJsonNumber(r.metrics[i].value, p);
    }
    return Copy(p, metrics_ + 1);
  }

 private:
  static constexpr size_t kMaxMetrics = 16;
  static constexpr size_t kChunk = 16;
  // What a short piece's copy writes: four chunks.
  static constexpr size_t kSpan = 4 * kChunk;

  struct Piece {
    size_t offset = 0;
    size_t size = 0;
  };

  bool Add(std::string_view s) {
    if (s.size() > sizeof text_ - kSpan - size_) return false;
    std::memcpy(text_ + size_, s.data(), s.size());
    size_ += s.size();
    return true;
  }

  // The piece from the end of the last one to here.
  Piece Cut() {
    Piece piece{cut_, size_ - cut_};
    cut_ = size_;
    return piece;
  }

  // Value k's place after the piece just cut: a digit, the value's when it
  // is 0 or 1 (the whole is then copied at once), which the next piece
  // starts after.
  bool Digit(size_t k) {
    digits_[k] = size_;
    if (!Add("0")) return false;
    cut_ = size_;
    return true;
  }

  // Copies piece `k` to `p` and returns the end of the piece. When every
  // piece is short, as with a spec's usual names, it copies kSpan bytes
  // whatever the piece's size: no loop whose count the branch predictor must
  // learn piece by piece. Else sixteen bytes at a time. Either may write up
  // to kSpan - 1 bytes past the piece's end (the bound leaves room; what
  // follows overwrites them).
  char* Copy(char* p, size_t k) const {
    const Piece& piece = pieces_[k];
    const char* from = text_ + piece.offset;
    if (short_pieces_) {
      std::memcpy(p, from, kChunk);
      std::memcpy(p + kChunk, from + kChunk, kChunk);
      std::memcpy(p + 2 * kChunk, from + 2 * kChunk, kChunk);
      std::memcpy(p + 3 * kChunk, from + 3 * kChunk, kChunk);
    } else {
      for (size_t i = 0; i < piece.size; i += kChunk) std::memcpy(p + i, from + i, kChunk);
    }
    return p + piece.size;
  }

  // The pieces with a digit's place between each two (the whole of a
  // result after its id), and room for kSpan bytes past the end.
  char text_[2048];
  size_t digits_[kMaxMetrics + 1] = {};  // where in text_ each value's digit is
  size_t size_ = 0;
  size_t cut_ = 0;
  Piece pieces_[kMaxMetrics + 2];
  std::string_view names_[kMaxMetrics];
  bool rewards_[kMaxMetrics] = {};
  size_t metrics_ = 0;
  size_t bound_ = 0;
  bool short_pieces_ = false;  // every piece at most kSpan bytes
};

}  // namespace

void AppendResultJson(const Result& result, const OutputOptions& options, std::string* out) {
  if (PlainOptions(options) && AppendPlainResult(result, out)) return;
  out->append("{\"id\":");
  out->append(result.id);
  out->append(",\"aggregate_reward_score\":");
  internal::AppendJsonNumber(result.aggregate, out);
  out->append(",\"metrics_list\":[");
  for (size_t i = 0; i < result.metrics.size(); ++i) {
    const Metric& m = result.metrics[i];
    out->append(i ? ",{\"name\":" : "{\"name\":");
    internal::AppendJsonString(m.name, out);
    out->append(",\"value\":");
    internal::AppendJsonNumber(m.value, out);
    out->append(m.reward ? ",\"type\":\"Reward\"}" : ",\"type\":\"Metric\"}");
  }
  out->push_back(']');
  if (!options.spec_hash.empty()) {
    out->append(",\"spec_hash\":");
    internal::AppendJsonString(options.spec_hash, out);
  }
  if (options.explain) {
    const Verdict& v = result.verdict;
    out->append(",\"details\":{");
    if (!result.error.empty()) {
      out->append("\"error\":");
      internal::AppendJsonString(result.error, out);
    } else {
      out->append("\"answer_found\":");
      out->append(v.answer_found ? "true" : "false");
      out->append(",\"correct\":");
      out->append(v.correct ? "true" : "false");
      if (v.answer_found) {
        out->append(",\"answer\":");
        internal::AppendJsonString(v.answer, out);
        out->append(",\"extractor\":");
        internal::AppendJsonString(v.extractor, out);
        out->append(",\"normalized_answer\":");
        internal::AppendJsonString(v.normalized_answer, out);
        out->append(",\"normalized_reference\":");
        internal::AppendJsonString(v.normalized_reference, out);
        out->append(",\"method\":");
        internal::AppendJsonString(v.method, out);
      }
      if (!v.reason.empty()) {
        out->append(",\"reason\":");
        internal::AppendJsonString(v.reason, out);
      }
    }
    out->push_back('}');
  }
  out->push_back('}');
}

void AppendResultsJson(const std::vector<Result>& results, const OutputOptions& options,
                       std::string* out) {
  // A layout for the batch, made from its first result, when it has more
  // than a few: then results are written in the writer's buffer. Others (an
  // error's result) are written one by one.
  ResultLayout layout;
  const bool laid_out = PlainOptions(options) && results.size() >= 4 && layout.Build(results[0]);
  internal::ResponseWriter writer(out);
  for (const Result& r : results) {
    if (laid_out && layout.Fits(r)) {
      if (char* p = writer.Begin(layout.Bound(r))) {
        writer.End(layout.Write(r, p));
        continue;
      }
    }
    writer.Write(r, options);
  }
  writer.Close();
}

namespace internal {

void ResponseWriter::Write(const Result& result, const OutputOptions& options) {
  Flush();
  if (!first_) out_->push_back(',');
  first_ = false;
  AppendResultJson(result, options, out_);
}

}  // namespace internal

// -----------------------------------------------------------------------------
// Splitting batches
// -----------------------------------------------------------------------------

namespace {

using internal::IsJsonSpace;

// Splits a JSON array into its elements without parsing them: a scan that
// tracks strings and nesting depth, so a malformed element is delimited and
// reported on its own.
std::vector<BatchItem> SplitArray(std::string_view text, size_t open) {
  std::vector<BatchItem> items;
  size_t line = 1;
  for (size_t i = 0; i < open; ++i) line += text[i] == '\n';
  int depth = 0;
  bool in_string = false;
  size_t start = open + 1;
  size_t start_line = line;
  bool closed = false;
  auto flush = [&](size_t end) {
    std::string_view item = text.substr(start, end - start);
    size_t lead = 0;
    while (lead < item.size() && IsJsonSpace(item[lead])) {
      start_line += item[lead] == '\n';
      ++lead;
    }
    item.remove_prefix(lead);
    while (!item.empty() && IsJsonSpace(item.back())) item.remove_suffix(1);
    BatchItem b;
    b.json = item;
    b.line = start_line;
    if (item.empty()) b.error = "empty element in the JSON array";
    items.push_back(std::move(b));
  };
  size_t i = open + 1;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\') {
        if (i + 1 < text.size() && text[i + 1] == '\n') ++line;
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) {
        if (c == ']') {
          // The end of the array: a trailing element, unless the array is empty.
          std::string_view rest = text.substr(start, i - start);
          bool blank = std::all_of(rest.begin(), rest.end(), IsJsonSpace);
          if (!(blank && items.empty())) flush(i);
          closed = true;
          break;
        }
      } else {
        --depth;
      }
    } else if (c == ',' && depth == 0) {
      flush(i);
      start = i + 1;
      start_line = line;
    }
  }
  if (!closed) {
    std::string_view rest = text.substr(start);
    if (!std::all_of(rest.begin(), rest.end(), IsJsonSpace) || items.empty()) {
      flush(text.size());
      items.back().error = "the JSON array is not closed (no ']' after this element)";
    } else if (!items.empty()) {
      items.back().error = "the JSON array is not closed (no ']' after this element)";
    }
  } else {
    std::string_view rest = text.substr(i + 1);
    size_t extra = rest.find_first_not_of(" \t\r\n");
    if (extra != std::string_view::npos) {
      BatchItem b;
      b.json = rest.substr(extra);
      b.line = line;
      for (size_t k = 0; k < extra; ++k) b.line += rest[k] == '\n';
      b.error = "text after the end of the JSON array";
      items.push_back(std::move(b));
    }
  }
  return items;
}

}  // namespace

std::vector<BatchItem> SplitBatch(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '[') return SplitArray(text, first);
  std::vector<BatchItem> items;
  size_t line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    ++line;
    std::string_view item = text.substr(pos, end - pos);
    while (!item.empty() && IsJsonSpace(item.back())) item.remove_suffix(1);
    while (!item.empty() && IsJsonSpace(item.front())) item.remove_prefix(1);
    if (!item.empty()) {
      BatchItem b;
      b.json = item;
      b.line = line;
      items.push_back(std::move(b));
    }
    pos = end + 1;
  }
  return items;
}

namespace {

size_t SkipJsonSpace(std::string_view text, size_t i) {
  while (i < text.size() && IsJsonSpace(text[i])) ++i;
  return i;
}

// Returns the index just past the JSON value that starts at `i` (a string,
// an object or array matched by nesting, or a scalar), or npos when the text
// ends first. The value is delimited, not validated.
size_t SkipJsonValue(std::string_view text, size_t i) {
  if (i >= text.size()) return std::string_view::npos;
  int depth = 0;
  bool in_string = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return i + 1;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // a scalar ended by its container
      if (--depth == 0) return i + 1;
    } else if (depth == 0 && (c == ',' || IsJsonSpace(c))) {
      return i;
    }
  }
  return depth == 0 && !in_string ? i : std::string_view::npos;
}

}  // namespace

std::string_view FindBatchArray(std::string_view text, std::string* error) {
  size_t i = SkipJsonSpace(text, 0);
  if (i == text.size()) {
    *error = "the batch is empty";
    return {};
  }
  if (text[i] == '[') return text.substr(i);
  if (text[i] != '{') {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    *error = c >= 0x20 && c < 0x7f
                 ? fmt::format("the batch is not a JSON array of samples (it starts with '{}')",
                               text[i])
                 : fmt::format("the batch is not a JSON array of samples (it starts with byte "
                               "0x{:02x})",
                               c);
    return {};
  }
  // An object: look for its "trajectories" member among the top-level ones,
  // and make sure the object is all there is, so that nothing after it (more
  // JSON Lines, say) is silently dropped.
  std::string_view trajectories;
  bool closed = false;
  for (i = SkipJsonSpace(text, i + 1); i < text.size();) {
    if (text[i] == '}' && trajectories.empty()) break;  // {} or a trailing comma
    if (text[i] != '"') break;
    size_t key_end = SkipJsonValue(text, i);
    if (key_end == std::string_view::npos) break;
    std::string_view key = text.substr(i + 1, key_end - i - 2);
    i = SkipJsonSpace(text, key_end);
    if (i == text.size() || text[i] != ':') break;
    size_t value = SkipJsonSpace(text, i + 1);
    size_t value_end = SkipJsonValue(text, value);
    if (key == "trajectories") {
      if (value == text.size() || text[value] != '[') {
        *error = "the batch's \"trajectories\" is not a JSON array of samples";
        return {};
      }
      // An unclosed array goes to the splitter whole, which reports it.
      if (value_end == std::string_view::npos) return text.substr(value);
      trajectories = text.substr(value, value_end - value);
    }
    if (value_end == std::string_view::npos) break;
    i = SkipJsonSpace(text, value_end);
    if (i < text.size() && text[i] == '}') {
      closed = true;
      ++i;
      break;
    }
    if (i == text.size() || text[i] != ',') break;
    i = SkipJsonSpace(text, i + 1);
  }
  if (trajectories.empty()) {
    *error =
        "the batch is not a JSON array of samples (it is an object without a \"trajectories\" "
        "array)";
    return {};
  }
  if (!closed || SkipJsonSpace(text, i) != text.size()) {
    *error = closed ? "the batch has text after its {\"trajectories\": [...]} object"
                    : "the batch's {\"trajectories\": [...]} object is not valid JSON";
    return {};
  }
  return trajectories;
}

}  // namespace rewardkit
