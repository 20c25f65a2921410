#include "train/tokenizer.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <unordered_map>

namespace stepwise::train {
namespace {

// Length of the UTF-8 sequence starting with byte `c` (1 for invalid lead bytes, so bad
// bytes are single characters and the split always makes progress).
size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xe) return 3;
  if ((c >> 3) == 0x1e) return 4;
  return 1;
}

template <typename F>
void for_each_char(std::string_view s, F&& f) {
  for (size_t i = 0; i < s.size();) {
    size_t n = std::min(utf8_len(static_cast<unsigned char>(s[i])), s.size() - i);
    f(s.substr(i, n));
    i += n;
  }
}

// The sentencepiece module's entry points (see spm_module.cpp for why it is loaded apart).
struct SpmModule {
  int (*train)(const char* const*, const size_t*, size_t, const char*, char**, size_t*, char**);
  void* (*load)(const char*, size_t, char**);
  void (*free_proc)(void*);
  int32_t* (*encode)(void*, const char*, size_t, size_t*);
  char* (*decode)(void*, const int32_t*, size_t, size_t*);
  int (*piece_size)(void*);
  int (*piece_to_id)(void*, const char*);
  char* (*id_to_piece)(void*, int, size_t*);
  int (*special)(void*, int);
  std::string error;
};

std::string exe_dir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string p(buf, static_cast<size_t>(n));
  return p.substr(0, p.rfind('/'));
}

template <typename F>
bool bind(void* lib, const char* name, F& fn) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  return fn != nullptr;
}

// Opens the module once: $STEPWISE_SPM_MODULE, the build's path, or beside the executable.
const SpmModule& spm_module() {
  static SpmModule m;
  static std::once_flag once;
  std::call_once(once, [] {
    std::vector<std::string> paths;
    if (const char* env = std::getenv("STEPWISE_SPM_MODULE")) paths.emplace_back(env);
#ifdef STEPWISE_SPM_MODULE
    paths.emplace_back(STEPWISE_SPM_MODULE);
#endif
    paths.push_back(exe_dir() + "/libsw_spm.so");
    paths.push_back(exe_dir() + "/../lib/stepwise/libsw_spm.so");
    void* lib = nullptr;
    for (const auto& p : paths)
      if ((lib = dlopen(p.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND))) break;
    if (!lib) {
      m.error = "cannot load the sentencepiece module (libsw_spm.so; set STEPWISE_SPM_MODULE)";
      return;
    }
    bool ok =
        bind(lib, "sw_spm_train", m.train) && bind(lib, "sw_spm_load", m.load) &&
        bind(lib, "sw_spm_free", m.free_proc) && bind(lib, "sw_spm_encode", m.encode) &&
        bind(lib, "sw_spm_decode", m.decode) && bind(lib, "sw_spm_piece_size", m.piece_size) &&
        bind(lib, "sw_spm_piece_to_id", m.piece_to_id) &&
        bind(lib, "sw_spm_id_to_piece", m.id_to_piece) && bind(lib, "sw_spm_special", m.special);
    if (!ok) m.error = "the sentencepiece module lacks an entry point";
  });
  return m;
}

std::string take(char* p, size_t n) {
  std::string s(p, n);
  std::free(p);
  return s;
}

}  // namespace

const std::vector<std::string>& special_pieces() {
  static const std::vector<std::string> k = {"<pad>", "<bos>",    "<eos>",
                                             "<unk>", "[answer]", "[explain]"};
  return k;
}

Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

void Tokenizer::index_pieces() {
  index_.clear();
  std::fill(std::begin(ascii_), std::end(ascii_), kUnk);
  for (size_t i = kNumSpecial; i < pieces_.size(); ++i) {
    index_[pieces_[i]] = static_cast<int32_t>(i);
    if (pieces_[i].size() == 1 && static_cast<unsigned char>(pieces_[i][0]) < 128)
      ascii_[static_cast<unsigned char>(pieces_[i][0])] = static_cast<int32_t>(i);
  }
}

Tokenizer Tokenizer::build_char(const std::vector<std::string>& texts) {
  std::set<std::string> chars;
  for (const auto& t : texts) for_each_char(t, [&](std::string_view c) { chars.emplace(c); });
  Tokenizer tok;
  tok.kind_ = TokenizerKind::kChar;
  tok.pieces_ = special_pieces();
  tok.pieces_.insert(tok.pieces_.end(), chars.begin(), chars.end());
  tok.index_pieces();
  return tok;
}

Result<Tokenizer> Tokenizer::train_sentencepiece(const std::vector<std::string>& texts,
                                                 int64_t vocab_size) {
  std::unordered_map<std::string, std::string> args = {
      {"model_type", "bpe"},
      {"vocab_size", std::to_string(vocab_size)},
      {"split_digits", "true"},
      {"byte_fallback", "true"},
      {"character_coverage", "1.0"},
      {"normalization_rule_name", "identity"},
      {"add_dummy_prefix", "false"},
      {"remove_extra_whitespaces", "false"},
      {"hard_vocab_limit", "false"},
      {"pad_id", "0"},
      {"bos_id", "1"},
      {"eos_id", "2"},
      {"unk_id", "3"},
      {"user_defined_symbols", "[answer],[explain]"},
      {"minloglevel", "2"},
  };
  const SpmModule& m = spm_module();
  if (!m.error.empty()) return Error{m.error};
  std::string kv;
  for (const auto& [k, v] : args) kv += k + "=" + v + "\n";
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  for (const auto& t : texts) {
    ptrs.push_back(t.data());
    lens.push_back(t.size());
  }
  char *model = nullptr, *err = nullptr;
  size_t model_len = 0;
  if (m.train(ptrs.data(), lens.data(), ptrs.size(), kv.c_str(), &model, &model_len, &err) != 0)
    return Error{"sentencepiece training failed: " + take(err, std::strlen(err))};
  json::Value kind = json::Value::object();
  kind.set("kind", json::Value::string("sentencepiece"));
  return from_json(kind, take(model, model_len));
}

Result<Tokenizer> Tokenizer::from_json(const json::Value& v, std::string_view spm_model) {
  auto tok = from_json_base(v, spm_model);
  if (!tok) return tok;
  const json::Value* digits = v.find("digits");
  if (!digits) return tok;
  if (digits->is_string() && digits->str() == "plain") return tok;
  if (!digits->is_string() || digits->str() != "place")
    return Error{"tokenizer: \"digits\" must be \"plain\" or \"place\""};
  return std::move(*tok).with_place_digits();
}

Tokenizer Tokenizer::with_place_digits() && {
  place_digits_ = true;
  return std::move(*this);
}

Result<Tokenizer> Tokenizer::from_json_base(const json::Value& v, std::string_view spm_model) {
  Tokenizer tok;
  const json::Value* kind = v.find("kind");
  if (!spm_model.empty() && (!kind || kind->str() == "sentencepiece")) {
    tok.kind_ = TokenizerKind::kSentencePiece;
    tok.spm_model_ = std::string(spm_model);
    const SpmModule& m = spm_module();
    if (!m.error.empty()) return Error{m.error};
    char* err = nullptr;
    void* proc = m.load(tok.spm_model_.data(), tok.spm_model_.size(), &err);
    if (!proc) return Error{"bad sentencepiece model: " + take(err, std::strlen(err))};
    tok.spm_ = std::shared_ptr<void>(proc, m.free_proc);
    const auto& sp = special_pieces();
    for (int32_t i = 0; i < kNumSpecial; ++i) {
      int32_t want = i;
      int32_t got =
          i <= kUnk ? m.special(proc, i) : m.piece_to_id(proc, sp[static_cast<size_t>(i)].c_str());
      if (got != want)
        return Error{"sentencepiece model has " + sp[i] + " at id " + std::to_string(got) +
                     ", expected " + std::to_string(want)};
    }
    return tok;
  }
  if (!kind || kind->str() != "char") return Error{"tokenizer: expected kind \"char\""};
  const json::Value* pieces = v.find("pieces");
  if (!pieces || !pieces->is_array() || pieces->items().size() < size_t{kNumSpecial})
    return Error{"tokenizer: \"pieces\" must be an array of at least 6 strings"};
  for (const auto& p : pieces->items()) {
    if (!p.is_string()) return Error{"tokenizer: \"pieces\" must hold strings"};
    tok.pieces_.push_back(p.str());
  }
  tok.index_pieces();
  return tok;
}

json::Value Tokenizer::to_json() const {
  json::Value v = json::Value::object();
  if (kind_ == TokenizerKind::kSentencePiece) {
    v.set("kind", json::Value::string("sentencepiece"));
    v.set("vocab_size", json::Value::number(int64_t{vocab_size()}));
  } else {
    v.set("kind", json::Value::string("char"));
    json::Value arr = json::Value::array();
    for (const auto& p : pieces_) arr.push(json::Value::string(p));
    v.set("pieces", std::move(arr));
  }
  if (place_digits_) v.set("digits", json::Value::string("place"));
  return v;
}

int32_t Tokenizer::base_vocab() const {
  if (spm_) return spm_module().piece_size(spm_.get());
  return static_cast<int32_t>(pieces_.size());
}

int32_t Tokenizer::vocab_size() const { return base_vocab() + (place_digits_ ? 10 * kPlaces : 0); }

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Where the integer digits starting at `i` end: the digit run, continued over thousands
// separators (",ddd" not followed by a further digit).
size_t integer_end(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  while (j + 3 < s.size() && s[j] == ',' && is_digit(s[j + 1]) && is_digit(s[j + 2]) &&
         is_digit(s[j + 3]) && (j + 4 >= s.size() || !is_digit(s[j + 4])))
    j += 4;
  return j;
}

}  // namespace

std::vector<int32_t> Tokenizer::encode(std::string_view text) const {
  if (!place_digits_) return encode_base(text);
  std::vector<int32_t> ids;
  ids.reserve(text.size());
  const int32_t base = base_vocab();
  auto append = [&](std::string_view part) {
    if (part.empty()) return;
    auto b = encode_base(part);
    ids.insert(ids.end(), b.begin(), b.end());
  };
  auto digit = [&](char c, int32_t place) {
    place = std::clamp(place, kPlaceMin, kPlaceMax);
    ids.push_back(base + (place - kPlaceMin) * 10 + (c - '0'));
  };
  size_t seg = 0;
  for (size_t i = 0; i < text.size();) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    append(text.substr(seg, i - seg));
    size_t end = integer_end(text, i);
    int32_t left = 0;  // digits of the integer part still to come
    for (size_t k = i; k < end; ++k) left += is_digit(text[k]);
    for (size_t k = i; k < end; ++k) {
      if (is_digit(text[k]))
        digit(text[k], --left);
      else
        append(text.substr(k, 1));
    }
    i = end;
    if (i + 1 < text.size() && text[i] == '.' && is_digit(text[i + 1])) {
      append(text.substr(i, 1));
      int32_t place = 0;
      for (++i; i < text.size() && is_digit(text[i]); ++i) digit(text[i], --place);
    }
    seg = i;
  }
  append(text.substr(seg));
  return ids;
}

std::vector<int32_t> Tokenizer::encode_base(std::string_view text) const {
  if (spm_) {
    size_t n = 0;
    int32_t* ids = spm_module().encode(spm_.get(), text.data(), text.size(), &n);
    std::vector<int32_t> out(ids, ids + n);
    std::free(ids);
    return out;
  }
  std::vector<int32_t> ids;
  ids.reserve(text.size());
  for_each_char(text, [&](std::string_view c) {
    if (c.size() == 1 && static_cast<unsigned char>(c[0]) < 128) {
      ids.push_back(ascii_[static_cast<unsigned char>(c[0])]);
      return;
    }
    auto it = index_.find(std::string(c));
    ids.push_back(it == index_.end() ? kUnk : it->second);
  });
  return ids;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const {
  const int32_t base = base_vocab(), end = vocab_size();
  std::string s;
  std::vector<int32_t> run;  // base ids not yet decoded
  for (int32_t id : ids) {
    if (id < kNumSpecial || id >= end) continue;
    if (id < base) {
      run.push_back(id);
      continue;
    }
    s += decode_base(run);
    run.clear();
    s += static_cast<char>('0' + (id - base) % 10);
  }
  return s + decode_base(run);
}

std::string Tokenizer::decode_base(const std::vector<int32_t>& keep) const {
  if (keep.empty()) return {};
  if (spm_) {
    size_t n = 0;
    char* p = spm_module().decode(spm_.get(), keep.data(), keep.size(), &n);
    return take(p, n);
  }
  std::string s;
  for (int32_t id : keep) s += pieces_[static_cast<size_t>(id)];
  return s;
}

std::vector<std::string> Tokenizer::pieces() const {
  std::vector<std::string> out;
  if (!spm_) {
    out = pieces_;
  } else {
    const SpmModule& m = spm_module();
    for (int i = 0; i < m.piece_size(spm_.get()); ++i) {
      size_t n = 0;
      char* p = m.id_to_piece(spm_.get(), i, &n);
      out.push_back(take(p, n));
    }
  }
  if (place_digits_)  // "<7@2>": the digit 7 in the hundreds place
    for (int32_t place = kPlaceMin; place <= kPlaceMax; ++place)
      for (int d = 0; d < 10; ++d)
        out.push_back("<" + std::to_string(d) + "@" + std::to_string(place) + ">");
  return out;
}

}  // namespace stepwise::train
