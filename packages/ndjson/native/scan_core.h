/*
 * The scanner itself (rowStart and the copyRows loop of @medallion/ndjson's rowScanner, src/scan.ts, line for line),
 * pure C over bytes: row_scanner.c wraps it for Node. Included once, by row_scanner.c.
 */
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

/* Where copy_rows is (next byte, next line, out index) and what it did (rows, longest row). */
typedef struct {
  long pos;
  int64_t line;
  long at;
  int64_t rows;
  long longest;
} copy_state;

/* The loop of copyRows (below) over b[c->pos, stop) into out[c->at, out_end); returns why it stopped. */
static int copy_rows(scanner *s, const uint8_t *b, long stop, uint8_t *out, long out_end, copy_state *c) {
  while (c->pos < stop) {
    const uint8_t *nl = memchr(b + c->pos, '\n', (size_t)(stop - c->pos));
    if (!nl) break;
    long line_end = nl - b, next = line_end + 1;
    if (line_end > c->pos && b[line_end - 1] == '\r') line_end--;
    long after_brace = row_start(s, b, c->pos, line_end);
    if (after_brace < 0) return 0;
    long length = (long)sizeof SOURCE_LINE - 1 + 20 + 1 + (line_end - after_brace) + 1; /* digits at most 20 */
    if (c->at + length > out_end) return 1;
    long from = c->at;
    memcpy(out + c->at, SOURCE_LINE, sizeof SOURCE_LINE - 1);
    c->at += (long)sizeof SOURCE_LINE - 1;
    c->at += write_digits(out + c->at, c->line);
    out[c->at++] = ',';
    memcpy(out + c->at, b + after_brace, (size_t)(line_end - after_brace));
    c->at += line_end - after_brace;
    out[c->at++] = '\n';
    if (c->at - from > c->longest) c->longest = c->at - from;
    c->rows++;
    c->line++;
    c->pos = next;
  }
  return 2;
}
