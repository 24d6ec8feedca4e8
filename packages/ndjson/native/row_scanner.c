/*
 * rowStart of @medallion/ndjson's rowScanner (src/scan.ts), in C, as a Node-API addon: the same conservative
 * fast path, byte for byte the same answers (the differential tests run both), at about a tenth of the JS loop's
 * cost per byte. It allocates nothing per line and keeps no state between calls except the line stamp and the
 * "which field follows which" guess. See packages/ndjson/README.md for why this is hand-written.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MAX_DEPTH 64
#define T_BOOLEAN 1
#define T_BIGINT 2
#define T_DOUBLE 3
#define T_VARCHAR 4
#define T_JSON 5
#define SAFE_INTEGER 1
#define FINITE 2
#define ANY_NUMBER 3

typedef struct {
  int count;
  uint8_t **names;
  int *lengths;
  uint8_t *types;
  int32_t *slots; /* column index + 1 by hash; 0 = empty */
  int mask;
  uint32_t *seen;
  int32_t *follows; /* count + 1 entries */
  uint32_t stamp;
} scanner;

static signed char HEX[256];
static uint8_t SIMPLE_ESCAPE[256];

static void init_tables(void) {
  memset(HEX, -1, sizeof HEX);
  for (int d = 0; d < 10; d++) HEX['0' + d] = (signed char)d;
  for (int d = 0; d < 6; d++) HEX['a' + d] = HEX['A' + d] = (signed char)(10 + d);
  const char *esc = "\"\\/bfnrt";
  for (const char *c = esc; *c; c++) SIMPLE_ESCAPE[(uint8_t)*c] = 1;
}

static inline long skip_space(const uint8_t *b, long pos, long end) {
  if (pos >= end || b[pos] > 0x20) return pos;
  while (pos < end) {
    uint8_t c = b[pos];
    if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
    pos++;
  }
  return pos;
}

/* The index of the first '"', '\\' or control byte in b[pos, end) (end when none), 16 bytes at a time. */
static inline long plain_end(const uint8_t *b, long pos, long end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1f);
  while (pos + 16 <= end) {
    __m128i v = _mm_loadu_si128((const __m128i *)(b + pos));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                               _mm_cmpeq_epi8(_mm_max_epu8(v, control), control));
    int mask = _mm_movemask_epi8(hit);
    if (mask) return pos + __builtin_ctz((unsigned)mask);
    pos += 16;
  }
#endif
  while (pos < end && b[pos] != '"' && b[pos] != '\\' && b[pos] >= 0x20) pos++;
  return pos;
}

static long string_end(const uint8_t *b, long pos, long end) {
  pos++;
  while (pos < end) {
    pos = plain_end(b, pos, end);
    if (pos >= end) return -1;
    uint8_t c = b[pos];
    if (c == '"') return pos + 1;
    if (c == '\\') {
      if (pos + 1 >= end) return -1;
      uint8_t e = b[pos + 1];
      if (SIMPLE_ESCAPE[e]) {
        pos += 2;
        continue;
      }
      if (e != 'u' || pos + 6 > end) return -1;
      int h0 = HEX[b[pos + 2]], h1 = HEX[b[pos + 3]];
      if (h0 < 0 || h1 < 0 || HEX[b[pos + 4]] < 0 || HEX[b[pos + 5]] < 0) return -1;
      if (h0 == 0xd && h1 >= 8) return -1; /* U+D800–DFFF: classifyLine checks how surrogates pair */
      pos += 6;
      continue;
    }
    if (c < 0x20) return -1;
    pos++;
  }
  return -1;
}

static long number_end(const uint8_t *b, long pos, long end, int *kind) {
  if (pos < end && b[pos] == '-') pos++;
  long int_from = pos;
  if (pos >= end) return -1;
  uint8_t c = b[pos];
  if (c == '0') pos++;
  else if (c > '0' && c <= '9') {
    pos++;
    while (pos < end && (c = b[pos]) >= '0' && c <= '9') pos++;
  } else return -1;
  long int_digits = pos - int_from;
  int integer = 1;
  if (pos < end && b[pos] == '.') {
    long frac_from = ++pos;
    while (pos < end && (c = b[pos]) >= '0' && c <= '9') pos++;
    if (pos == frac_from) return -1;
    integer = 0;
  }
  long exp_digits = 0;
  if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
    pos++;
    if (pos < end && (b[pos] == '+' || b[pos] == '-')) pos++;
    long exp_from = pos;
    while (pos < end && (c = b[pos]) >= '0' && c <= '9') pos++;
    exp_digits = pos - exp_from;
    if (exp_digits == 0) return -1;
    integer = 0;
  }
  *kind = integer && int_digits <= 15 ? SAFE_INTEGER : int_digits <= 200 && exp_digits <= 2 ? FINITE : ANY_NUMBER;
  return pos;
}

static inline long literal_end(const uint8_t *b, long pos, long end, const char *word, long length) {
  if (pos + length > end) return -1;
  return memcmp(b + pos + 1, word + 1, (size_t)(length - 1)) == 0 ? pos + length : -1;
}

static long container_end(const uint8_t *b, long pos, long end, int depth);

static long value_end(const uint8_t *b, long pos, long end, int depth) {
  if (pos >= end) return -1;
  uint8_t c = b[pos];
  int kind;
  if (c == '"') return string_end(b, pos, end);
  if (c == '{' || c == '[') return depth < MAX_DEPTH ? container_end(b, pos, end, depth + 1) : -1;
  if (c == 't') return literal_end(b, pos, end, "true", 4);
  if (c == 'f') return literal_end(b, pos, end, "false", 5);
  if (c == 'n') return literal_end(b, pos, end, "null", 4);
  return number_end(b, pos, end, &kind);
}

static long container_end(const uint8_t *b, long pos, long end, int depth) {
  int object = b[pos] == '{';
  uint8_t close = object ? '}' : ']';
  pos = skip_space(b, pos + 1, end);
  if (pos < end && b[pos] == close) return pos + 1;
  for (;;) {
    if (object) {
      if (pos >= end || b[pos] != '"') return -1;
      pos = string_end(b, pos, end);
      if (pos < 0) return -1;
      pos = skip_space(b, pos, end);
      if (pos >= end || b[pos] != ':') return -1;
      pos = skip_space(b, pos + 1, end);
    }
    pos = value_end(b, pos, end, depth);
    if (pos < 0) return -1;
    pos = skip_space(b, pos, end);
    if (pos >= end) return -1;
    uint8_t c = b[pos++];
    if (c == close) return pos;
    if (c != ',') return -1;
    pos = skip_space(b, pos, end);
  }
}

static long field_end(const uint8_t *b, long pos, long end, int type) {
  if (pos >= end) return -1;
  uint8_t c = b[pos];
  if (c == 'n') return literal_end(b, pos, end, "null", 4);
  if (type == T_JSON) return value_end(b, pos, end, 1);
  if (c == '"') return type == T_VARCHAR ? string_end(b, pos, end) : -1;
  if (c == 't') return type == T_BOOLEAN || type == T_VARCHAR ? literal_end(b, pos, end, "true", 4) : -1;
  if (c == 'f') return type == T_BOOLEAN || type == T_VARCHAR ? literal_end(b, pos, end, "false", 5) : -1;
  if (type == T_BOOLEAN) return -1;
  int kind = 0;
  pos = number_end(b, pos, end, &kind);
  if (pos < 0) return -1;
  return kind == SAFE_INTEGER || (kind == FINITE && (type == T_DOUBLE || type == T_VARCHAR)) ? pos : -1;
}

static inline uint32_t hash_step(uint32_t h, uint8_t c) { return h * 31u + c; }

static int column_of(const scanner *s, const uint8_t *b, long from, long to, uint32_t hash) {
  long length = to - from;
  for (int slot = (int)(hash & (uint32_t)s->mask); s->slots[slot] != 0; slot = (slot + 1) & s->mask) {
    int col = s->slots[slot] - 1;
    if (s->lengths[col] == length && memcmp(s->names[col], b + from, (size_t)length) == 0) return col;
  }
  return -1;
}

static long row_start(scanner *s, const uint8_t *b, long start, long end) {
  if (++s->stamp == 0xffffffffu) {
    memset(s->seen, 0, sizeof(uint32_t) * (size_t)s->count);
    s->stamp = 1;
  }
  long pos = skip_space(b, start, end);
  if (pos >= end || b[pos] != '{') return -1;
  long open = pos + 1;
  pos = skip_space(b, open, end);
  int previous = s->count;
  for (;;) {
    if (pos >= end || b[pos] != '"') return -1;
    long from = ++pos;
    int col = s->follows[previous];
    if (col >= 0 && from + s->lengths[col] < end && b[from + s->lengths[col]] == '"' &&
        memcmp(s->names[col], b + from, (size_t)s->lengths[col]) == 0) {
      pos += s->lengths[col];
    } else {
      uint32_t hash = 0;
      uint8_t c = 0;
      while (pos < end && (c = b[pos]) != '"') {
        if (c == '\\' || c < 0x20 || c >= 0x80) return -1;
        hash = hash_step(hash, c);
        pos++;
      }
      if (pos >= end) return -1;
      col = column_of(s, b, from, pos, hash);
      if (col < 0) return -1;
      s->follows[previous] = col;
    }
    if (s->seen[col] == s->stamp) return -1;
    s->seen[col] = s->stamp;
    previous = col;
    pos = skip_space(b, pos + 1, end);
    if (pos >= end || b[pos] != ':') return -1;
    pos = field_end(b, skip_space(b, pos + 1, end), end, s->types[col]);
    if (pos < 0) return -1;
    pos = skip_space(b, pos, end);
    if (pos >= end) return -1;
    uint8_t c = b[pos++];
    if (c == '}') return skip_space(b, pos, end) == end ? open : -1;
    if (c != ',') return -1;
    pos = skip_space(b, pos, end);
  }
}

static void free_scanner(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  scanner *s = data;
  for (int i = 0; i < s->count; i++) free(s->names[i]);
  free(s->names);
  free(s->lengths);
  free(s->types);
  free(s->slots);
  free(s->seen);
  free(s->follows);
  free(s);
}

#define CHECK(call)                                                                                                   \
  do {                                                                                                                \
    if ((call) != napi_ok) {                                                                                          \
      napi_throw_error(env, NULL, "row_scanner: bad arguments");                                                      \
      return NULL;                                                                                                    \
    }                                                                                                                 \
  } while (0)

/* create(names: string[], types: Uint8Array) → an external scanner for these typed columns */
static napi_value create(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint32_t count;
  CHECK(napi_get_array_length(env, argv[0], &count));
  napi_typedarray_type kind;
  size_t type_count;
  void *type_data;
  CHECK(napi_get_typedarray_info(env, argv[1], &kind, &type_count, &type_data, NULL, NULL));
  if (kind != napi_uint8_array || type_count != count) {
    napi_throw_error(env, NULL, "row_scanner: one type per name");
    return NULL;
  }
  scanner *s = calloc(1, sizeof *s);
  s->count = (int)count;
  s->names = calloc(count ? count : 1, sizeof(uint8_t *));
  s->lengths = calloc(count ? count : 1, sizeof(int));
  s->types = calloc(count ? count : 1, 1);
  s->seen = calloc(count ? count : 1, sizeof(uint32_t));
  s->follows = malloc(sizeof(int32_t) * (count + 1));
  for (uint32_t i = 0; i <= count; i++) s->follows[i] = -1;
  int size = 16;
  while (size < (int)count * 4) size *= 2;
  s->slots = calloc((size_t)size, sizeof(int32_t));
  s->mask = size - 1;
  memcpy(s->types, type_data, count);
  for (uint32_t i = 0; i < count; i++) {
    napi_value name;
    size_t length;
    CHECK(napi_get_element(env, argv[0], i, &name));
    CHECK(napi_get_value_string_latin1(env, name, NULL, 0, &length));
    s->names[i] = malloc(length + 1);
    CHECK(napi_get_value_string_latin1(env, name, (char *)s->names[i], length + 1, &length));
    s->lengths[i] = (int)length;
    uint32_t hash = 0;
    for (size_t k = 0; k < length; k++) hash = hash_step(hash, s->names[i][k]);
    int slot = (int)(hash & (uint32_t)s->mask);
    while (s->slots[slot] != 0) slot = (slot + 1) & s->mask;
    s->slots[slot] = (int32_t)i + 1;
  }
  napi_value external;
  CHECK(napi_create_external(env, s, free_scanner, NULL, &external));
  return external;
}

/* rowStart(scanner, bytes: Uint8Array, start, end) → the index after `{`, or -1 */
static napi_value row_start_js(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  scanner *s;
  CHECK(napi_get_value_external(env, argv[0], (void **)&s));
  napi_typedarray_type kind;
  size_t length;
  void *data;
  CHECK(napi_get_typedarray_info(env, argv[1], &kind, &length, &data, NULL, NULL));
  int64_t start, end;
  CHECK(napi_get_value_int64(env, argv[2], &start));
  CHECK(napi_get_value_int64(env, argv[3], &end));
  if (kind != napi_uint8_array || start < 0 || end < start || (uint64_t)end > length) {
    napi_throw_range_error(env, NULL, "row_scanner: range outside the bytes");
    return NULL;
  }
  napi_value result;
  CHECK(napi_create_int64(env, (int64_t)row_start(s, data, (long)start, (long)end), &result));
  return result;
}

static const char SOURCE_LINE[] = "{\"_source_line\":";

/* Decimal ASCII of n at out; returns the bytes written. */
static int write_digits(uint8_t *out, int64_t n) {
  char tmp[24];
  int length = 0;
  do {
    tmp[length++] = (char)('0' + n % 10);
    n /= 10;
  } while (n > 0);
  for (int i = 0; i < length; i++) out[i] = (uint8_t)tmp[length - 1 - i];
  return length;
}

/*
 * copyRows(scanner, bytes, start, stop, line, out, outAt, state: Float64Array) → why it stopped.
 * bytes[start, stop) are whole lines, each ending in '\n'; `line` is the number of the first. Each line that is
 * certainly a row goes to out[outAt…] as `{"_source_line":<line>,` + the line after its `{` + '\n' (what
 * LineFile.appendRow writes). Stops at the first line it is not sure of (0: the caller classifies it), when out
 * has no room for the next (1), or at stop (2). state ← [next byte, next line, outAt, rows copied, longest row
 * written in bytes].
 */
static napi_value copy_rows_js(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  scanner *s;
  CHECK(napi_get_value_external(env, argv[0], (void **)&s));
  napi_typedarray_type kind, out_kind, state_kind;
  size_t length, out_length, state_length;
  void *data, *out_data, *state_data;
  CHECK(napi_get_typedarray_info(env, argv[1], &kind, &length, &data, NULL, NULL));
  int64_t start, stop, line, out_at;
  CHECK(napi_get_value_int64(env, argv[2], &start));
  CHECK(napi_get_value_int64(env, argv[3], &stop));
  CHECK(napi_get_value_int64(env, argv[4], &line));
  CHECK(napi_get_typedarray_info(env, argv[5], &out_kind, &out_length, &out_data, NULL, NULL));
  CHECK(napi_get_value_int64(env, argv[6], &out_at));
  CHECK(napi_get_typedarray_info(env, argv[7], &state_kind, &state_length, &state_data, NULL, NULL));
  if (kind != napi_uint8_array || out_kind != napi_uint8_array || state_kind != napi_float64_array || state_length < 5 ||
      start < 0 || stop < start || (uint64_t)stop > length || out_at < 0 || (uint64_t)out_at > out_length) {
    napi_throw_range_error(env, NULL, "row_scanner: bad copyRows arguments");
    return NULL;
  }
  const uint8_t *b = data;
  uint8_t *out = out_data;
  long pos = (long)start, out_end = (long)out_length, at = (long)out_at;
  int64_t rows = 0;
  long longest = 0;
  int why = 2;
  while (pos < stop) {
    const uint8_t *nl = memchr(b + pos, '\n', (size_t)(stop - pos));
    if (!nl) break;
    long line_end = nl - b, next = line_end + 1;
    if (line_end > pos && b[line_end - 1] == '\r') line_end--;
    long after_brace = row_start(s, b, pos, line_end);
    if (after_brace < 0) {
      why = 0;
      break;
    }
    long need = (long)sizeof SOURCE_LINE - 1 + 20 + 1 + (line_end - after_brace) + 1;
    if (at + need > out_end) {
      why = 1;
      break;
    }
    long row_from = at;
    memcpy(out + at, SOURCE_LINE, sizeof SOURCE_LINE - 1);
    at += (long)sizeof SOURCE_LINE - 1;
    at += write_digits(out + at, line);
    out[at++] = ',';
    memcpy(out + at, b + after_brace, (size_t)(line_end - after_brace));
    at += line_end - after_brace;
    out[at++] = '\n';
    if (at - row_from > longest) longest = at - row_from;
    rows++;
    line++;
    pos = next;
  }
  double *state = state_data;
  state[0] = (double)pos;
  state[1] = (double)line;
  state[2] = (double)at;
  state[3] = (double)rows;
  state[4] = (double)longest;
  napi_value result;
  CHECK(napi_create_int32(env, why, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  init_tables();
  napi_property_descriptor props[] = {
      {"create", NULL, create, NULL, NULL, NULL, napi_default, NULL},
      {"rowStart", NULL, row_start_js, NULL, NULL, NULL, napi_default, NULL},
      {"copyRows", NULL, copy_rows_js, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, 3, props) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
