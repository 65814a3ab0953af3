// A JS value described as lib/validate.ts's describeValue() does, for the
// binding's own messages ("Expected a bigint for seed but received 1 (number)").
// Reads values without running any user code: no getters, no toString().
#pragma once

#include <napi.h>

#include <cmath>
#include <string>

namespace kaiming_binding {

inline const char* typed_array_name(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array: return "Int8Array";
    case napi_uint8_array: return "Uint8Array";
    case napi_uint8_clamped_array: return "Uint8ClampedArray";
    case napi_int16_array: return "Int16Array";
    case napi_uint16_array: return "Uint16Array";
    case napi_int32_array: return "Int32Array";
    case napi_uint32_array: return "Uint32Array";
    case napi_float32_array: return "Float32Array";
    case napi_float64_array: return "Float64Array";
    case napi_bigint64_array: return "BigInt64Array";
    case napi_biguint64_array: return "BigUint64Array";
    default: break;  // newer headers add types (napi_float16_array) that Node 20 never creates
  }
  return "TypedArray";
}

// "a" or "an", as lib/validate.ts's article().
inline std::string with_article(const std::string& word) {
  const char c = word.empty() ? 'x' : word[0];
  const bool vowel = c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'a' || c == 'e' || c == 'i' || c == 'o';
  return (vowel ? "an " : "a ") + word;
}

// A primitive's JS string form (ToString of a number or bigint runs no user code).
inline std::string js_string(napi_env env, napi_value value) {
  napi_value text;
  if (napi_coerce_to_string(env, value, &text) != napi_ok) return "?";
  size_t length = 0;
  napi_get_value_string_utf8(env, text, nullptr, 0, &length);
  std::string out(length, '\0');
  napi_get_value_string_utf8(env, text, out.data(), length + 1, &length);
  return out;
}

// A string quoted as JSON.stringify would quote it (escaping ", \, control
// characters and lone surrogates; everything else as UTF-8), cut to 40 UTF-16
// code units and marked with "…" as lib/ does.
inline std::string quoted(napi_env env, napi_value value) {
  size_t length = 0;
  napi_get_value_string_utf16(env, value, nullptr, 0, &length);
  std::u16string text(length, u'\0');
  napi_get_value_string_utf16(env, value, text.data(), length + 1, &length);
  const bool cut = text.size() > 40;
  if (cut) text.resize(40);
  static const char* const kHex = "0123456789abcdef";
  auto escape_unit = [](std::string& out, uint32_t unit) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(unit >> shift) & 0xF];
  };
  auto utf8 = [](std::string& out, uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  };
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const uint32_t c = text[i];
    const bool high = c >= 0xD800 && c <= 0xDBFF, low = c >= 0xDC00 && c <= 0xDFFF;
    if (high && i + 1 < text.size() && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
      utf8(out, 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00u));
      ++i;
    } else if (high || low) {
      escape_unit(out, c);
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      switch (c) {
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: escape_unit(out, c);
      }
    } else {
      utf8(out, c);
    }
  }
  return out + (cut ? "\u2026\"" : "\"");
}

inline std::string describe(napi_env env, napi_value value) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok) return "a value";
  switch (type) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: {
      bool b = false;
      napi_get_value_bool(env, value, &b);
      return b ? "true (boolean)" : "false (boolean)";
    }
    case napi_number: {
      double d = 0;
      napi_get_value_double(env, value, &d);
      return (d == 0 && std::signbit(d) ? std::string("-0") : js_string(env, value)) + " (number)";
    }
    case napi_bigint: return js_string(env, value) + "n (bigint)";
    case napi_string: return quoted(env, value) + " (string)";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    default: break;
  }
  bool is = false;
  if (napi_is_typedarray(env, value, &is) == napi_ok && is) {
    napi_typedarray_type array_type;
    size_t length = 0;
    napi_value buffer;
    napi_get_typedarray_info(env, value, &array_type, &length, nullptr, &buffer, nullptr);
    const std::string name = with_article(typed_array_name(array_type));
    bool detached = false;
    bool is_array_buffer = false;
    napi_is_arraybuffer(env, buffer, &is_array_buffer);
    if (is_array_buffer) napi_is_detached_arraybuffer(env, buffer, &detached);
    return detached ? name + " with a detached buffer" : name + " of length " + std::to_string(length);
  }
  if (napi_is_array(env, value, &is) == napi_ok && is) {
    uint32_t length = 0;
    napi_get_array_length(env, value, &length);
    return "an array of length " + std::to_string(length);
  }
  if (napi_is_dataview(env, value, &is) == napi_ok && is) return "a DataView";
  if (napi_is_arraybuffer(env, value, &is) == napi_ok && is) return "an ArrayBuffer";
  return "an object";
}

}  // namespace kaiming_binding
