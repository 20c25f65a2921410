#include "train/safetensors.h"

#include <cstring>

#include "base/atomic_file.h"
#include "base/json.h"

namespace stepwise::train {

int64_t dtype_size(std::string_view d) {
  if (d == "F64" || d == "I64" || d == "U64") return 8;
  if (d == "F32" || d == "I32" || d == "U32") return 4;
  if (d == "BF16" || d == "F16" || d == "I16" || d == "U16") return 2;
  if (d == "U8" || d == "I8" || d == "BOOL") return 1;
  return 0;
}

std::string encode_safetensors(const std::vector<TensorBlob>& tensors,
                               const std::map<std::string, std::string>& metadata) {
  json::Value header = json::Value::object();
  if (!metadata.empty()) {
    json::Value meta = json::Value::object();
    for (const auto& [k, v] : metadata) meta.set(k, json::Value::string(v));
    header.set("__metadata__", std::move(meta));
  }
  int64_t offset = 0;
  for (const auto& t : tensors) {
    json::Value e = json::Value::object();
    e.set("dtype", json::Value::string(t.dtype));
    json::Value shape = json::Value::array();
    for (int64_t s : t.shape) shape.push(json::Value::number(s));
    e.set("shape", std::move(shape));
    json::Value range = json::Value::array();
    range.push(json::Value::number(offset));
    offset += static_cast<int64_t>(t.data.size());
    range.push(json::Value::number(offset));
    e.set("data_offsets", std::move(range));
    header.set(t.name, std::move(e));
  }
  std::string h = json::to_string(header);
  while (h.size() % 8 != 0) h += ' ';  // the data starts 8-byte aligned
  std::string out(8, '\0');
  uint64_t n = h.size();
  for (int i = 0; i < 8; ++i)
    out[static_cast<size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
  out += h;
  for (const auto& t : tensors) out += t.data;
  return out;
}

Status write_safetensors(const std::string& path, const std::vector<TensorBlob>& tensors,
                         const std::map<std::string, std::string>& metadata) {
  return write_file_atomic(path, encode_safetensors(tensors, metadata));
}

const TensorBlob* Safetensors::find(std::string_view name) const {
  for (const auto& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

namespace {

Result<TensorBlob> decode_entry(const std::string& name, const json::Value& e,
                                std::string_view data) {
  auto bad = [&](const std::string& what) { return Error{"tensor \"" + name + "\": " + what}; };
  const json::Value* dtype = e.find("dtype");
  const json::Value* shape = e.find("shape");
  const json::Value* range = e.find("data_offsets");
  if (!e.is_object() || !dtype || !dtype->is_string() || !shape || !shape->is_array() || !range ||
      !range->is_array() || range->items().size() != 2)
    return bad("expected {\"dtype\", \"shape\", \"data_offsets\": [begin, end]}");
  TensorBlob t;
  t.name = name;
  t.dtype = dtype->str();
  int64_t elem = dtype_size(t.dtype);
  if (elem == 0) return bad("unknown dtype \"" + t.dtype + "\"");
  uint64_t count = 1;
  for (const auto& s : shape->items()) {
    auto v = s.as_int();
    if (!v || *v < 0 || *v > (int64_t{1} << 40)) return bad("bad shape entry");
    t.shape.push_back(*v);
    count *= static_cast<uint64_t>(*v);
    if (count > (uint64_t{1} << 40)) return bad("shape too large");
  }
  auto b = range->items()[0].as_int(), en = range->items()[1].as_int();
  if (!b || !en || *b < 0 || *en < *b || static_cast<uint64_t>(*en) > data.size())
    return bad("data_offsets outside the data");
  if (static_cast<uint64_t>(*en - *b) != count * static_cast<uint64_t>(elem))
    return bad("data_offsets do not match dtype and shape");
  t.data = std::string(data.substr(static_cast<size_t>(*b), static_cast<size_t>(*en - *b)));
  return t;
}

}  // namespace

Result<Safetensors> decode_safetensors(std::string_view bytes) {
  if (bytes.size() < 8) return Error{"not a safetensors file: shorter than 8 bytes"};
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i)
    n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<size_t>(i)]);
  if (n > bytes.size() - 8) return Error{"safetensors header length past the end of the file"};
  auto header = json::parse(bytes.substr(8, static_cast<size_t>(n)));
  if (!header) return Error{"safetensors header: " + header.error().message};
  if (!header->is_object()) return Error{"safetensors header: expected a JSON object"};
  std::string_view data = bytes.substr(static_cast<size_t>(8 + n));
  Safetensors out;
  for (const auto& [name, e] : header->members()) {
    if (name == "__metadata__") {
      if (!e.is_object()) return Error{"__metadata__ must be an object of strings"};
      for (const auto& [k, v] : e.members()) {
        if (!v.is_string()) return Error{"__metadata__ must be an object of strings"};
        out.metadata[k] = v.str();
      }
      continue;
    }
    auto t = decode_entry(name, e, data);
    if (!t) return t.error();
    out.tensors.push_back(std::move(*t));
  }
  return out;
}

Result<Safetensors> read_safetensors(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  auto st = decode_safetensors(*bytes);
  if (!st) return Error{path + ": " + st.error().message};
  return st;
}

}  // namespace stepwise::train
