/* npy.c -- read and write numpy's .npy files, and load a directory of them
 * (see npy.h).
 *
 * A .npy file, byte by byte:
 *   0-5   "\x93NUMPY"
 *   6, 7  major and minor version: 1.0, 2.0 or 3.0
 *   8     the header length, little-endian: 2 bytes (1.0) or 4 (2.0, 3.0)
 *   then  the header, a Python dict literal padded with spaces and ended
 *         by a newline, e.g. {'descr': '<f8', 'fortran_order': False,
 *         'shape': (5, 4), }
 *   then  the elements, shape[0] * shape[1] * ... of them, each in the
 *         byte order of 'descr', in C order (last index fastest) or, with
 *         fortran_order True, first index fastest.
 * The file is untrusted: every length is checked against the file's size
 * before anything is allocated. */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "backprop/npy.h"

static const char npy_magic[6] = { '\x93', 'N', 'U', 'M', 'P', 'Y' };

/* A header longer than this is not one numpy wrote for a plain array. */
#define NPY_MAX_HEADER (1ul << 20)

/* The element type, from 'descr'. */
struct dtype {
  char kind;                    /* 'f' float, 'i' signed, 'u' unsigned */
  size_t size;                  /* bytes per element: 1, 2, 4 or 8 */
  int big;                      /* bytes are big-endian */
};

/* The parsed header. */
struct header {
  char descr[16];
  int fortran;
  size_t ndim;
  size_t shape[2];
  int have_descr, have_fortran, have_shape;
};

/* The header text being parsed. */
struct parser {
  const char *s;
  size_t len, at;
};

static int
host_is_big_endian (void)
{
  const uint16_t one = 1;
  unsigned char b;
  memcpy (&b, &one, 1);
  return b == 0;
}

/* "(5, 4)", "(5,)" or "()" into buf. */
static void
shape_str (size_t ndim, const size_t *shape, char *buf, size_t len)
{
  if (ndim == 0)
    snprintf (buf, len, "()");
  else if (ndim == 1)
    snprintf (buf, len, "(%zu,)", shape[0]);
  else
    snprintf (buf, len, "(%zu, %zu)", shape[0], shape[1]);
}

/* Header parsing: a small recursive-descent parser for the dict literal,
 * accepting keys in any order, any spacing and a trailing comma. */

static int
peek (struct parser *p)
{
  while (p->at < p->len && isspace ((unsigned char) p->s[p->at]))
    p->at++;
  return p->at < p->len ? (unsigned char) p->s[p->at] : EOF;
}

/* Consume c (after spaces) if it comes next; 1 if it did. */
static int
accept (struct parser *p, int c)
{
  if (peek (p) != c)
    return 0;
  p->at++;
  return 1;
}

/* A quoted Python string without escapes into buf; -1 if there is none or
 * it does not fit. */
static int
parse_string (struct parser *p, char *buf, size_t len)
{
  int q = peek (p);
  size_t n = 0;

  if (q != '\'' && q != '"')
    return -1;
  p->at++;
  while (p->at < p->len && p->s[p->at] != q)
    {
      if (p->s[p->at] == '\\' || n + 1 >= len)
        return -1;
      buf[n++] = p->s[p->at++];
    }
  if (p->at == p->len)
    return -1;
  p->at++;
  buf[n] = '\0';
  return 0;
}

/* A bare word (True, False) into buf. */
static int
parse_word (struct parser *p, char *buf, size_t len)
{
  size_t n = 0;
  peek (p);
  while (p->at < p->len && isalpha ((unsigned char) p->s[p->at]))
    {
      if (n + 1 >= len)
        return -1;
      buf[n++] = p->s[p->at++];
    }
  buf[n] = '\0';
  return n > 0 ? 0 : -1;
}

/* A tuple of non-negative integers, as Python writes it: (), (5,), (5, 4)
 * (a trailing comma and, from Python 2, an L suffix allowed). */
static int
parse_shape (struct parser *p, struct header *h, bp_error *err)
{
  size_t nd = 0;

  if (!accept (p, '('))
    return bp_error_set (err, "header: 'shape' is not a tuple");
  while (!accept (p, ')'))
    {
      unsigned long long v = 0;
      if (!isdigit (peek (p)))
        return bp_error_set (err, "header: 'shape' is not a tuple of "
                             "integers");
      while (p->at < p->len && isdigit ((unsigned char) p->s[p->at]))
        {
          v = v * 10 + (unsigned) (p->s[p->at++] - '0');
          if (v > BP_NPY_MAX_ELEMENTS)
            return bp_error_set (err, "shape: a dimension is too large "
                                 "(limit 2^31)");
        }
      if (p->at < p->len && p->s[p->at] == 'L')
        p->at++;
      if (nd < 2)
        h->shape[nd] = (size_t) v;
      nd++;
      if (!accept (p, ',') && peek (p) != ')')
        return bp_error_set (err, "header: 'shape' is not a tuple of "
                             "integers");
    }
  if (nd > 2)
    return bp_error_set (err, "shape has %zu dimensions: more than 2 "
                         "dimensions are not read", nd);
  h->ndim = nd;
  return 0;
}

static int
parse_header (const char *s, size_t len, struct header *h, bp_error *err)
{
  struct parser p = { s, len, 0 };
  char key[32], word[8];

  memset (h, 0, sizeof *h);
  if (!accept (&p, '{'))
    return bp_error_set (err, "header: not a Python dict");
  while (!accept (&p, '}'))
    {
      if (parse_string (&p, key, sizeof key) || !accept (&p, ':'))
        return bp_error_set (err, "header: expected 'key': value");
      if (strcmp (key, "descr") == 0 && !h->have_descr)
        {
          if (parse_string (&p, h->descr, sizeof h->descr))
            return bp_error_set (err, "unsupported dtype: 'descr' is not a "
                                 "short string (a structured array?)");
          h->have_descr = 1;
        }
      else if (strcmp (key, "fortran_order") == 0 && !h->have_fortran)
        {
          if (parse_word (&p, word, sizeof word)
              || (strcmp (word, "True") && strcmp (word, "False")))
            return bp_error_set (err, "header: 'fortran_order' is not True "
                                 "or False");
          h->fortran = word[0] == 'T';
          h->have_fortran = 1;
        }
      else if (strcmp (key, "shape") == 0 && !h->have_shape)
        {
          int status = parse_shape (&p, h, err);
          if (status)
            return status;
          h->have_shape = 1;
        }
      else
        return bp_error_set (err, "header: unknown or repeated key '%s'",
                             key);
      if (!accept (&p, ',') && peek (&p) != '}')
        return bp_error_set (err, "header: expected ',' or '}' after '%s'",
                             key);
    }
  if (peek (&p) != EOF)
    return bp_error_set (err, "header: text after the dict");
  if (!h->have_descr || !h->have_fortran || !h->have_shape)
    return bp_error_set (err, "header: missing key '%s'",
                         !h->have_descr ? "descr" : !h->have_fortran
                         ? "fortran_order" : "shape");
  return 0;
}

/* '<f8', '>i4', '|u1', '=f4', ... into t. */
static int
parse_dtype (const char *descr, struct dtype *t, bp_error *err)
{
  char order = descr[0];
  int sized;

  if (strchr ("<>=|", order) == NULL || order == '\0'
      || strchr ("fiu", descr[1]) == NULL || descr[1] == '\0'
      || strchr ("1248", descr[2]) == NULL || descr[2] == '\0'
      || descr[3] != '\0')
    return bp_error_set (err, "unsupported dtype '%s': want float64, "
                         "float32 or an integer type", descr);
  t->kind = descr[1];
  t->size = (size_t) (descr[2] - '0');
  sized = t->kind != 'f' || t->size == 4 || t->size == 8;
  if (!sized)
    return bp_error_set (err, "unsupported dtype '%s': want float64, "
                         "float32 or an integer type", descr);
  if (order == '|' && t->size != 1)
    return bp_error_set (err, "dtype '%s': byte order '|' with a "
                         "multi-byte type", descr);
  t->big = order == '>' || (order == '=' && host_is_big_endian ());
  return 0;
}

/* The element at b as a double. */
static double
decode (const unsigned char *b, const struct dtype *t)
{
  uint64_t u = 0;

  for (size_t i = 0; i < t->size; i++)
    u |= (uint64_t) b[t->big ? i : t->size - 1 - i] << (8 * (t->size - 1 - i));
  if (t->kind == 'f' && t->size == 8)
    {
      double d;
      memcpy (&d, &u, sizeof d);
      return d;
    }
  if (t->kind == 'f')
    {
      uint32_t u32 = (uint32_t) u;
      float f;
      memcpy (&f, &u32, sizeof f);
      return f;
    }
  if (t->kind == 'i' && t->size == 8)
    {
      int64_t v;
      memcpy (&v, &u, sizeof v);
      return (double) v;
    }
  /* A smaller signed type with its top bit set: two's complement. */
  if (t->kind == 'i' && (u >> (8 * t->size - 1)) != 0)
    return (double) u - ldexp (1.0, (int) (8 * t->size));
  return (double) u;
}

/* Convert n raw elements (in storage order) into a->data (row-major),
 * refusing NaN and infinities. */
static int
convert (const unsigned char *raw, const struct dtype *t, int fortran,
         bp_npy *a, bp_error *err)
{
  size_t rows = a->shape[0], cols = a->shape[1];

  for (size_t k = 0; k < a->n; k++)
    {
      double v = decode (raw + k * t->size, t);
      /* Element k of a Fortran-order array is (k % rows, k / rows). */
      size_t at = fortran && a->ndim == 2 ? (k % rows) * cols + k / rows : k;

      if (!isfinite (v))
        {
          const char *what = isnan (v) ? "NaN" : v > 0 ? "inf" : "-inf";
          if (a->ndim == 2)
            return bp_error_set (err, "%s at index (%zu, %zu)", what,
                                 at / cols, at % cols);
          return bp_error_set (err, "%s at index (%zu,)", what, at);
        }
      a->data[at] = v;
    }
  return 0;
}

/* The prefix and the header of the size bytes at b; *data_at is where
 * the elements start. */
static int
parse_prefix (const unsigned char *b, size_t size, struct header *h,
              size_t *data_at, bp_error *err)
{
  size_t lenbytes, hlen = 0;
  char *text;
  int status;

  if (size == 0)
    return bp_error_set (err, "empty file: not a .npy file");
  if (memcmp (b, npy_magic, size < 6 ? size : 6) != 0)
    return bp_error_set (err, "bad magic: not a .npy file");
  if (size < 8)
    return bp_error_set (err, "truncated header: the file has %zu bytes",
                         size);
  if ((b[6] != 1 && b[6] != 2 && b[6] != 3) || b[7] != 0)
    return bp_error_set (err, "unsupported .npy version %u.%u", b[6], b[7]);
  lenbytes = b[6] == 1 ? 2 : 4;
  if (size < 8 + lenbytes)
    return bp_error_set (err, "truncated header: the file has %zu bytes",
                         size);
  for (size_t i = 0; i < lenbytes; i++)
    hlen |= (size_t) b[8 + i] << (8 * i);
  if (hlen > size - 8 - lenbytes)
    return bp_error_set (err, "truncated header: %zu bytes announced, "
                         "%zu in the file", hlen, size - 8 - lenbytes);
  if (hlen > NPY_MAX_HEADER)
    return bp_error_set (err, "header of %zu bytes is too long", hlen);
  text = malloc (hlen + 1);
  if (text == NULL)
    return bp_error_set (err, "out of memory");
  memcpy (text, b + 8 + lenbytes, hlen);
  text[hlen] = '\0';
  status = parse_header (text, hlen, h, err);
  free (text);
  *data_at = 8 + lenbytes + hlen;
  return status;
}

/* The number of elements of h, within our limit, and that the avail
 * bytes after the header hold exactly that many of size bytes each. */
static int
count_elements (const struct header *h, size_t size, size_t avail,
                size_t *count, bp_error *err)
{
  size_t n = 1;
  char s[64];

  shape_str (h->ndim, h->shape, s, sizeof s);
  for (size_t i = 0; i < h->ndim; i++)
    {
      n *= h->shape[i];         /* each shape[i] <= 2^31: no overflow */
      if (n > BP_NPY_MAX_ELEMENTS)
        return bp_error_set (err, "shape %s: too large (more than 2^31 "
                             "elements)", s);
    }
  if (n > avail / size || n * size != avail)
    {
      if (n > avail / size)
        return bp_error_set (err, "truncated data: shape %s of '%s' needs "
                             "%llu bytes, the file has %zu", s, h->descr,
                             (unsigned long long) n * size, avail);
      return bp_error_set (err, "%zu bytes after the data of shape %s",
                           avail - n * size, s);
    }
  if (n > SIZE_MAX / sizeof (double))
    return bp_error_set (err, "too large for this machine's memory");
  *count = n;
  return 0;
}

int
bp_npy_parse (const void *bytes, size_t size, bp_npy **out, bp_error *err)
{
  const unsigned char *b = bytes;
  struct header h;
  struct dtype t = { 0, 0, 0 };
  size_t data_at = 0, n = 0;
  bp_npy *a;
  int status;

  *out = NULL;
  status = parse_prefix (b, size, &h, &data_at, err);
  if (status == 0)
    status = parse_dtype (h.descr, &t, err);
  if (status == 0)
    status = count_elements (&h, t.size, size - data_at, &n, err);
  if (status)
    return status;
  a = malloc (sizeof *a + n * sizeof a->data[0]);
  if (a == NULL)
    return bp_error_set (err, "out of memory");
  a->ndim = h.ndim;
  a->shape[0] = h.ndim > 0 ? h.shape[0] : 1;
  a->shape[1] = h.ndim > 1 ? h.shape[1] : 1;
  a->n = n;
  a->is_float32 = t.kind == 'f' && t.size == 4;
  a->is_integer = t.kind != 'f';
  if (convert (b + data_at, &t, h.fortran, a, err))
    {
      bp_npy_free (a);
      return GSL_EFAILED;
    }
  *out = a;
  return 0;
}

int
bp_npy_read (const char *path, bp_npy **out, bp_error *err)
{
  FILE *f;
  struct stat st;
  unsigned char *raw;
  size_t size;
  int status;

  *out = NULL;
  f = fopen (path, "rb");
  if (f == NULL)
    return bp_error_set (err, "%s", strerror (errno));
  if (fstat (fileno (f), &st) || !S_ISREG (st.st_mode))
    {
      fclose (f);
      return bp_error_set (err, "not a regular file");
    }
  if ((unsigned long long) st.st_size > SIZE_MAX - 1)
    {
      fclose (f);
      return bp_error_set (err, "too large for this machine's memory");
    }
  size = (size_t) st.st_size;
  raw = malloc (size ? size : 1);
  if (raw == NULL)
    status = bp_error_set (err, "out of memory");
  else if (fread (raw, 1, size, f) != size)
    status = bp_error_set (err, "read error");
  else
    status = bp_npy_parse (raw, size, out, err);
  fclose (f);
  free (raw);
  return status;
}

void
bp_npy_free (bp_npy *a)
{
  free (a);                     /* header and data are one block */
}

int
bp_npy_write (const char *path, const double *data, size_t ndim,
              const size_t *shape, bp_error *err)
{
  char head[192], s[64];
  size_t n = 1, len;
  FILE *f;
  int bad;

  if (ndim > 2)
    return bp_error_set (err, "cannot write %zu dimensions", ndim);
  for (size_t i = 0; i < ndim; i++)
    n *= shape[i];
  shape_str (ndim, shape, s, sizeof s);
  len = (size_t) snprintf (head, sizeof head, "{'descr': '<f8', "
                           "'fortran_order': False, 'shape': %s, }", s);
  /* Pad with spaces so that the data starts at a multiple of 64 bytes,
   * and end with a newline, as numpy does. */
  while ((10 + len + 1) % 64 != 0)
    head[len++] = ' ';
  head[len++] = '\n';

  f = fopen (path, "wb");
  if (f == NULL)
    return bp_error_set (err, "%s", strerror (errno));
  fwrite (npy_magic, 1, sizeof npy_magic, f);
  putc (1, f);
  putc (0, f);
  putc ((int) (len & 0xff), f);
  putc ((int) (len >> 8), f);
  fwrite (head, 1, len, f);
  for (size_t k = 0; k < n; k++)
    {
      uint64_t u;
      memcpy (&u, &data[k], sizeof u);
      for (int i = 0; i < 8; i++)
        putc ((int) ((u >> (8 * i)) & 0xff), f);
    }
  bad = ferror (f);
  if (fclose (f) || bad)
    return bp_error_set (err, "write error: %s", strerror (errno));
  return 0;
}
