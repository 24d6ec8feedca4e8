/*
 * @medallion/ndjson's rowScanner (src/scan.ts) in C, as a Node-API addon: rowStart, the same conservative fast path
 * with byte for byte the same answers (the differential tests run both), and copyRows, which copies every certain
 * row of a run of lines into the clean file's buffer in one call. The converter's pass over 259 MiB of NDJSON takes
 * 0.6–0.8 s with it, 1.3–1.45 s with the JS scanner. Nothing is allocated per line; the only state between calls is
 * the line stamp and the "which field follows which" guess. The scanning is scan_core.h; this file is the glue.
 * See packages/ndjson/README.md for why this is hand-written.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include "scan_core.h"

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

/* A typed array argument's data and length in elements; 0 when it is not of this kind. */
static int typed_arg(napi_env env, napi_value value, napi_typedarray_type want, void **data, size_t *length) {
  napi_typedarray_type kind;
  return napi_get_typedarray_info(env, value, &kind, length, data, NULL, NULL) == napi_ok && kind == want;
}

/* Integer arguments argv[from…from+n) into out; 0 when one is not a number. */
static int int_args(napi_env env, napi_value *argv, int from, int n, int64_t *out) {
  for (int i = 0; i < n; i++)
    if (napi_get_value_int64(env, argv[from + i], &out[i]) != napi_ok) return 0;
  return 1;
}

/* The call's n arguments into argv, and its first, the scanner; NULL (a JS error thrown) when it is not one. */
static scanner *scanner_call(napi_env env, napi_callback_info info, size_t n, napi_value *argv) {
  size_t argc = n;
  scanner *s = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || napi_get_value_external(env, argv[0], (void **)&s) != napi_ok) {
    napi_throw_type_error(env, NULL, "row_scanner: the first argument must be a scanner");
    return NULL;
  }
  return s;
}

static napi_value throw_range(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

/* rowStart(scanner, bytes: Uint8Array, start, end) → the index after `{`, or -1 */
static napi_value row_start_js(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  scanner *s = scanner_call(env, info, 4, argv);
  if (!s) return NULL;
  void *data;
  size_t length;
  int64_t range[2];
  if (!typed_arg(env, argv[1], napi_uint8_array, &data, &length) || !int_args(env, argv, 2, 2, range) || range[0] < 0 ||
      range[1] < range[0] || (uint64_t)range[1] > length)
    return throw_range(env, "row_scanner: range outside the bytes");
  napi_value result;
  CHECK(napi_create_int64(env, (int64_t)row_start(s, data, (long)range[0], (long)range[1]), &result));
  return result;
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
  napi_value argv[8];
  scanner *s = scanner_call(env, info, 8, argv);
  if (!s) return NULL;
  void *data, *out, *state_data;
  size_t length, out_length, state_length;
  int64_t range[3], out_at;
  if (!typed_arg(env, argv[1], napi_uint8_array, &data, &length) || !int_args(env, argv, 2, 3, range) ||
      !typed_arg(env, argv[5], napi_uint8_array, &out, &out_length) || !int_args(env, argv, 6, 1, &out_at) ||
      !typed_arg(env, argv[7], napi_float64_array, &state_data, &state_length) || state_length < 5 || range[0] < 0 ||
      range[1] < range[0] || (uint64_t)range[1] > length || out_at < 0 || (uint64_t)out_at > out_length)
    return throw_range(env, "row_scanner: bad copyRows arguments");
  copy_state c = {(long)range[0], range[2], (long)out_at, 0, 0};
  int why = copy_rows(s, data, (long)range[1], out, (long)out_length, &c);
  double *state = state_data;
  state[0] = (double)c.pos;
  state[1] = (double)c.line;
  state[2] = (double)c.at;
  state[3] = (double)c.rows;
  state[4] = (double)c.longest;
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
