// tokenizer.h: text <-> token ids for the student, saved inside its checkpoint.
//
// Two kinds: character-level (the default: one token per UTF-8 code point, so every digit is
// its own token; the vocabulary is the set of characters of the training text) and
// sentencepiece BPE trained on the training text with digits split. Both reserve the same
// special ids (kPad..kExplain), which never come out of encode(): the formatter inserts them.
//
// Either kind can tag digits with their place value (`with_place_digits`): every digit of a
// number becomes one token for (digit, place), the place counted from the number's last
// integer digit (0 = ones, 1 = tens, ..., -1 = tenths), so "the tens digit" is the same token
// feature wherever the number stands and however long it is. The base vocabulary is kept and
// 10 x kPlaces ids follow it; decode() writes each digit back, so text round-trips exactly.
// Immutable after construction: thread-safe for concurrent encode/decode.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "train/train.h"

namespace stepwise::train {

class Tokenizer {
 public:
  static constexpr int32_t kPad = 0, kBos = 1, kEos = 2, kUnk = 3, kAnswer = 4, kExplain = 5;
  static constexpr int32_t kNumSpecial = 6;

  // A character vocabulary: the specials, then every code point of `texts` in byte order.
  static Tokenizer build_char(const std::vector<std::string>& texts);
  // Trains sentencepiece BPE (split_digits, byte fallback, no normalisation) on `texts`.
  // Error: the trainer's message (e.g. too little text for the vocabulary size).
  static Result<Tokenizer> train_sentencepiece(const std::vector<std::string>& texts,
                                               int64_t vocab_size);
  // Rebuilds a tokenizer from to_json() and, for sentencepiece, the serialized model.
  // Error: unknown kind, malformed piece list, a model that does not load.
  static Result<Tokenizer> from_json(const json::Value& v, std::string_view spm_model);

  // Places kPlaceMin..kPlaceMax; a longer number's higher digits share kPlaceMax (and deeper
  // decimals kPlaceMin), which still decode exactly.
  static constexpr int32_t kPlaceMin = -4, kPlaceMax = 7, kPlaces = kPlaceMax - kPlaceMin + 1;
  // This tokenizer with every digit tagged by its place (see above).
  Tokenizer with_place_digits() &&;
  bool place_digits() const { return place_digits_; }

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // {"kind": "char", "pieces": [...]} or {"kind": "sentencepiece", "vocab_size": N}, with
  // "digits": "place" when digits are tagged by place.
  json::Value to_json() const;
  // The serialized sentencepiece model (empty for char).
  const std::string& spm_model() const { return spm_model_; }
  TokenizerKind kind() const { return kind_; }
  int32_t vocab_size() const;
  // Ids of `text`; characters outside a char vocabulary become kUnk.
  std::vector<int32_t> encode(std::string_view text) const;
  // Text of `ids`; special ids are dropped.
  std::string decode(const std::vector<int32_t>& ids) const;
  // The vocabulary as strings (specials by name), index = id: for exported tokenizer files.
  std::vector<std::string> pieces() const;

 private:
  Tokenizer() = default;
  static Result<Tokenizer> from_json_base(const json::Value& v, std::string_view spm_model);
  int32_t base_vocab() const;
  std::vector<int32_t> encode_base(std::string_view text) const;
  std::string decode_base(const std::vector<int32_t>& ids) const;
  TokenizerKind kind_ = TokenizerKind::kChar;
  bool place_digits_ = false;
  std::vector<std::string> pieces_;                 // char: index = id
  std::unordered_map<std::string, int32_t> index_;  // char: piece -> id
  int32_t ascii_[128] = {};                         // char: fast path for ASCII
  std::string spm_model_;
  std::shared_ptr<void> spm_;  // a processor inside the sentencepiece module (spm_module.cpp)
  void index_pieces();
};

// The special tokens' names, index = id.
const std::vector<std::string>& special_pieces();

}  // namespace stepwise::train
