/* t-npy.c -- the .npy reader and the --npy directory loader.
 *
 * The files are written here byte by byte (not only with bp_npy_write),
 * so that every dtype, both byte orders, Fortran order and the header
 * versions 1.0, 2.0 and 3.0 are read as numpy writes them, and so that
 * each kind of damage can be made on purpose.  They go in temporary
 * directories under the build directory, removed at the end. */

#include <config.h>

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "backprop.h"
#include "backprop/npy.h"
#include "tap.h"

static char files[] = "t-npy-XXXXXX";       /* single files */
static char casedir[] = "t-npy-XXXXXX";     /* the --npy directory */

static const char *
path_in (const char *dir, const char *name)
{
  static char buf[256];
  if ((size_t) snprintf (buf, sizeof buf, "%s/%s", dir, name) >= sizeof buf)
    bail ("path too long: %s/%s", dir, name);
  return buf;
}

static void
write_bytes (const char *path, const void *bytes, size_t n)
{
  FILE *f = fopen (path, "wb");
  if (f == NULL || fwrite (bytes, 1, n, f) != n || fclose (f) != 0)
    bail ("cannot write %s", path);
}

/* A .npy file by hand: the magic, version major.0, the header length in 2
 * (major 1) or 4 bytes, the dict text padded with spaces and a newline to
 * a multiple of 64 bytes, then nbytes of data.  Returns the path. */
static const char *
write_npy (const char *name, int major, const char *dict, const void *data,
           size_t nbytes)
{
  unsigned char buf[4096];
  size_t pre = major == 1 ? 10 : 12, len = strlen (dict), at;

  if (pre + len + 64 + nbytes > sizeof buf)
    bail ("write_npy: %s is too big for this test", name);
  memcpy (buf, "\x93NUMPY", 6);
  buf[6] = (unsigned char) major;
  buf[7] = 0;
  memcpy (buf + pre, dict, len);
  at = pre + len;
  while ((at + 1) % 64 != 0)
    buf[at++] = ' ';
  buf[at++] = '\n';
  for (size_t i = 0; i < pre - 8; i++)
    buf[8 + i] = (unsigned char) (((at - pre) >> (8 * i)) & 0xff);
  memcpy (buf + at, data, nbytes);
  write_bytes (path_in (files, name), buf, at + nbytes);
  return path_in (files, name);
}

/* Encode v as one element of dtype kind/size in the given byte order into
 * b; returns size. */
static size_t
put (unsigned char *b, double v, char kind, size_t size, int big)
{
  uint64_t u;

  if (kind == 'f' && size == 8)
    memcpy (&u, &v, 8);
  else if (kind == 'f')
    {
      float f = (float) v;
      uint32_t u32;
      memcpy (&u32, &f, 4);
      u = u32;
    }
  else if (kind == 'i')
    u = (uint64_t) (int64_t) v;
  else
    u = (uint64_t) v;
  for (size_t i = 0; i < size; i++)
    b[big ? size - 1 - i : i] = (unsigned char) ((u >> (8 * i)) & 0xff);
  return size;
}

static int
host_big (void)
{
  uint16_t one = 1;
  unsigned char c;
  memcpy (&c, &one, 1);
  return c == 0;
}

/* A 1-d file of dtype descr holding v (n values); returns its path. */
static const char *
write_vector (const char *name, const char *descr, const double *v, size_t n,
              int major)
{
  unsigned char data[512];
  char dict[128];
  size_t at = 0, size = (size_t) (descr[2] - '0');
  int big = descr[0] == '>' || (descr[0] == '=' && host_big ());

  for (size_t i = 0; i < n; i++)
    at += put (data + at, v[i], descr[1], size, big);
  snprintf (dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, "
            "'shape': (%zu,), }", descr, n);
  return write_npy (name, major, dict, data, at);
}

/* Move files/name, written by write_npy, into the --npy directory. */
static void
move_in (const char *name)
{
  char src[256], dst[256];
  snprintf (src, sizeof src, "%s/%s", files, name);
  snprintf (dst, sizeof dst, "%s/%s", casedir, name);
  if (rename (src, dst))
    bail ("cannot move %s into %s", name, casedir);
}

/* The file path must be refused with a message containing want. */
static void
expect_refused (const char *path, const char *want, const char *what)
{
  bp_npy *a = (bp_npy *) 1;
  bp_error err = { "" };
  int status = bp_npy_read (path, &a, &err);

  ok (status == GSL_EFAILED && a == NULL, "refuses %s", what);
  is_substr (err.msg, want, "... saying so");
}

static bp_npy *
read_ok (const char *path, const char *what)
{
  bp_npy *a = NULL;
  bp_error err = { "" };
  if (bp_npy_read (path, &a, &err))
    diag ("%s: %s", what, err.msg);
  return a;
}

/* Every dtype, in both byte orders where it has one. */
static void
check_dtypes (void)
{
  static const struct {
    const char *descr;
    double v[4];
  } cases[] = {
    { "<f8", { 2.385, -1.5e-300, 0.0, 7.25e300 } },
    { ">f8", { 2.385, -0.125, 1.0 / 3.0, -7.0 } },
    { "=f8", { 2.385, 6.5, -2.0, 1e-3 } },
    { "<f4", { 2.385, -0.5, 1e10, 3.0e-38 } },
    { ">f4", { 2.385, 0.1, -65504.0, 1.0 } },
    { "<i8", { -3.0, 2385.0, -9007199254740992.0, 0.0 } },
    { ">i8", { -2385.0, 4611686018427387904.0, 1.0, -1.0 } },
    { "<i4", { -2147483648.0, 2147483647.0, 2385.0, -1.0 } },
    { ">i4", { -2385.0, 7.0, 2147483647.0, 0.0 } },
    { "<i2", { -32768.0, 32767.0, 2385.0, -2.0 } },
    { ">i2", { -2385.0, 1.0, -1.0, 256.0 } },
    { "|i1", { -7.0, 127.0, -128.0, 0.0 } },
    { "<u8", { 9223372036854777856.0, 2385.0, 0.0, 1.0 } },
    { ">u8", { 2385.0, 18446744073709549568.0, 5.0, 0.0 } },
    { "<u4", { 4294967295.0, 2385.0, 0.0, 65536.0 } },
    { ">u4", { 2385.0, 4294967295.0, 1.0, 16777216.0 } },
    { "<u2", { 65535.0, 2385.0, 0.0, 256.0 } },
    { ">u2", { 2385.0, 65535.0, 1.0, 255.0 } },
    { "|u1", { 255.0, 0.0, 128.0, 23.0 } },
  };

  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    {
      const char *d = cases[k].descr;
      bp_npy *a = read_ok (write_vector ("dtype.npy", d, cases[k].v, 4, 1),
                           d);
      int same = a != NULL && a->ndim == 1 && a->shape[0] == 4
        && a->shape[1] == 1 && a->n == 4
        && a->is_float32 == (d[1] == 'f' && d[2] == '4')
        && a->is_integer == (d[1] != 'f');
      for (size_t i = 0; same && i < 4; i++)
        {
          double want = d[1] == 'f' && d[2] == '4'
            ? (double) (float) cases[k].v[i] : cases[k].v[i];
          same = a->data[i] == want;
          if (!same)
            diag ("[%zu] = %.17g, want %.17g", i, a->data[i], want);
        }
      ok (same, "'%s' (4,) reads back exactly, with its kind", d);
      bp_npy_free (a);
    }
}

/* Storage order, header versions, and the liberties a dict literal may
 * take. */
static void
check_layouts (void)
{
  const double v[6] = { 2.385, -1.0, 3.5, 4.25, -5.0, 6.125 };
  unsigned char data[64];
  size_t at = 0;
  bp_npy *a;

  /* (2, 3) in Fortran order: the file holds v[0] v[3] v[1] v[4] v[2] v[5]. */
  for (size_t j = 0; j < 3; j++)
    for (size_t i = 0; i < 2; i++)
      at += put (data + at, v[i * 3 + j], 'f', 8, 0);
  a = read_ok (write_npy ("fortran.npy", 1, "{'descr': '<f8', "
                          "'fortran_order': True, 'shape': (2, 3), }", data,
                          at), "fortran");
  ok (a && a->ndim == 2 && a->shape[0] == 2 && a->shape[1] == 3
      && memcmp (a->data, v, sizeof v) == 0,
      "fortran_order True (2, 3) is converted to row-major");
  bp_npy_free (a);

  /* (3, 2) big-endian int32 in Fortran order, header version 2.0. */
  at = 0;
  for (size_t j = 0; j < 2; j++)
    for (size_t i = 0; i < 3; i++)
      at += put (data + at, (double) (10 * i + j) - 2385.0, 'i', 4, 1);
  a = read_ok (write_npy ("fortran2.npy", 2, "{'descr': '>i4', "
                          "'fortran_order': True, 'shape': (3, 2)}", data,
                          at), "fortran2");
  ok (a && a->ndim == 2 && a->shape[0] == 3 && a->shape[1] == 2
      && a->data[0] == -2385.0 && a->data[1] == -2384.0
      && a->data[2] == -2375.0 && a->data[5] == -2364.0,
      "version 2.0, '>i4', fortran_order True (3, 2)");
  bp_npy_free (a);

  /* Version 3.0, keys in another order, double quotes, odd spacing. */
  at = 0;
  for (size_t i = 0; i < 6; i++)
    at += put (data + at, v[i], 'f', 8, 0);
  a = read_ok (write_npy ("v3.npy", 3, "{ \"shape\" :(3,2) ,\"fortran_order\""
                          ":False,  'descr':'<f8'  }", data, at), "v3");
  ok (a && a->ndim == 2 && a->shape[0] == 3 && a->shape[1] == 2
      && a->data[1] == -1.0 && a->data[4] == -5.0,
      "version 3.0 with keys in any order and free spacing");
  bp_npy_free (a);

  /* Shape (): a scalar. */
  a = read_ok (write_npy ("scalar.npy", 1, "{'descr': '<f8', 'fortran_order':"
                          " False, 'shape': (), }", data, 8), "scalar");
  ok (a && a->ndim == 0 && a->n == 1 && a->shape[0] == 1 && a->shape[1] == 1
      && a->data[0] == 2.385, "shape () is one value, 2.385");
  bp_npy_free (a);

  /* Python 2's long integers, (6L,). */
  a = read_ok (write_npy ("long.npy", 1, "{'descr': '<f8', 'fortran_order':"
                          " False, 'shape': (6L,), }", data, 48), "long");
  ok (a && a->ndim == 1 && a->n == 6 && a->data[5] == 6.125,
      "shape (6L,) from Python 2");
  bp_npy_free (a);

  /* An empty array. */
  a = read_ok (write_npy ("empty.npy", 1, "{'descr': '<f8', 'fortran_order':"
                          " False, 'shape': (0, 4), }", data, 0), "empty");
  ok (a && a->ndim == 2 && a->n == 0 && a->shape[1] == 4,
      "shape (0, 4) has no elements");
  bp_npy_free (a);
}

/* bp_npy_write, read back. */
static void
check_write (void)
{
  const double v[6] = { 2.385, -1.0, 3.5, 4.25, -5.0, 6.125 };
  const size_t shape[2] = { 2, 3 };
  bp_error err = { "" };
  bp_npy *a = NULL;
  FILE *f;
  long size = -1;

  ok (bp_npy_write (path_in (files, "w.npy"), v, 2, shape, &err) == 0
      && bp_npy_read (path_in (files, "w.npy"), &a, &err) == 0
      && a->ndim == 2 && a->shape[0] == 2 && a->shape[1] == 3
      && memcmp (a->data, v, sizeof v) == 0,
      "bp_npy_write (2, 3) reads back exactly");
  bp_npy_free (a);
  f = fopen (path_in (files, "w.npy"), "rb");
  if (f && fseek (f, 0, SEEK_END) == 0)
    size = ftell (f);
  if (f)
    fclose (f);
  is_int (size, 128 + 48, "... its data start at byte 128, a multiple of "
          "64 as in numpy");
  a = NULL;
  ok (bp_npy_write (path_in (files, "w1.npy"), v + 2, 1, shape + 1, &err) == 0
      && bp_npy_read (path_in (files, "w1.npy"), &a, &err) == 0
      && a->ndim == 1 && a->n == 3 && a->data[2] == -5.0,
      "bp_npy_write (3,) reads back");
  bp_npy_free (a);
  a = NULL;
  ok (bp_npy_write (path_in (files, "w0.npy"), v, 0, NULL, &err) == 0
      && bp_npy_read (path_in (files, "w0.npy"), &a, &err) == 0
      && a->ndim == 0 && a->n == 1 && a->data[0] == 2.385,
      "bp_npy_write () reads back");
  bp_npy_free (a);
  ok (bp_npy_write (path_in (files, "no/such/dir.npy"), v, 1, shape, &err)
      == GSL_EFAILED && strstr (err.msg, "No such file") != NULL,
      "bp_npy_write into a missing directory fails with a message");
}

/* The same bytes parsed from memory: whole, and cut short. */
static void
check_parse (void)
{
  unsigned char buf[256];
  size_t n = 0;
  bp_npy *a = (bp_npy *) 1;
  bp_error err = { "" };
  FILE *f = fopen (path_in (files, "w.npy"), "rb");

  if (f == NULL || (n = fread (buf, 1, sizeof buf, f)) != 176)
    bail ("w.npy: cannot read back its 176 bytes");
  fclose (f);
  ok (bp_npy_parse (buf, n, &a, &err) == 0 && a->ndim == 2
      && a->shape[0] == 2 && a->shape[1] == 3 && a->data[0] == 2.385
      && a->data[5] == 6.125, "bp_npy_parse: w.npy's 176 bytes in memory");
  bp_npy_free (a);
  a = (bp_npy *) 1;
  ok (bp_npy_parse (buf, n - 8, &a, &err) == GSL_EFAILED && a == NULL,
      "bp_npy_parse refuses them cut by 8 bytes");
  is_substr (err.msg, "truncated data: shape (2, 3) of '<f8' needs 48 "
             "bytes, the file has 40", "... saying how");
  ok (bp_npy_parse (buf, 0, &a, &err) == GSL_EFAILED
      && strstr (err.msg, "empty") != NULL, "... and no bytes at all");
}

static void
check_damage (void)
{
  unsigned char data[64] = { 0 }, bytes[16];
  const char *good = "{'descr': '<f8', 'fortran_order': False, "
    "'shape': (2, 3), }";
  const double nan1[4] = { 1.0, 2.0, 3.0, GSL_POSINF };
  size_t at = 0;

  for (size_t i = 0; i < 6; i++)
    at += put (data + at, 2.385 * (double) i, 'f', 8, 0);

  write_bytes (path_in (files, "magic.npy"), "\x93NUMPZ\x01\x00\x10\x00{}",
               12);
  expect_refused (path_in (files, "magic.npy"), "bad magic", "bad magic");
  write_bytes (path_in (files, "text.npy"), "X 2 2\n1 2 3 4\n", 14);
  expect_refused (path_in (files, "text.npy"), "bad magic",
                  "a text file");
  write_bytes (path_in (files, "empty.npy"), "", 0);
  expect_refused (path_in (files, "empty.npy"), "empty file",
                  "an empty file");
  write_bytes (path_in (files, "short.npy"), "\x93NUMPY\x01", 7);
  expect_refused (path_in (files, "short.npy"), "truncated header",
                  "a file cut inside the prefix");
  memcpy (bytes, "\x93NUMPY\x01\x00\xff\x7f{'descr'", 16);
  write_bytes (path_in (files, "hlen.npy"), bytes, 16);
  expect_refused (path_in (files, "hlen.npy"), "truncated header: 32767 "
                  "bytes announced, 6 in the file",
                  "a header length beyond the file");
  expect_refused (write_npy ("v4.npy", 4, good, data, 48),
                  "unsupported .npy version 4.0", "version 4.0");
  expect_refused (write_npy ("trunc.npy", 1, good, data, 40),
                  "truncated data: shape (2, 3) of '<f8' needs 48 bytes, "
                  "the file has 40", "truncated data");
  expect_refused (write_npy ("long.npy", 1, good, data, 56),
                  "8 bytes after the data", "bytes after the data");
  expect_refused (write_npy ("c16.npy", 1, "{'descr': '<c16', "
                             "'fortran_order': False, 'shape': (3,), }",
                             data, 48),
                  "unsupported dtype '<c16'", "complex128");
  expect_refused (write_npy ("obj.npy", 1, "{'descr': '|O', "
                             "'fortran_order': False, 'shape': (3,), }",
                             data, 24),
                  "unsupported dtype '|O'", "an object array");
  expect_refused (write_npy ("f2.npy", 1, "{'descr': '<f2', "
                             "'fortran_order': False, 'shape': (3,), }",
                             data, 6),
                  "unsupported dtype '<f2'", "float16");
  expect_refused (write_npy ("rec.npy", 1, "{'descr': [('a', '<f8')], "
                             "'fortran_order': False, 'shape': (3,), }",
                             data, 24),
                  "unsupported dtype", "a structured array");
  expect_refused (write_npy ("bar.npy", 1, "{'descr': '|f8', "
                             "'fortran_order': False, 'shape': (3,), }",
                             data, 24),
                  "byte order '|'", "'|f8'");
  expect_refused (write_npy ("nd3.npy", 1, "{'descr': '<f8', "
                             "'fortran_order': False, 'shape': (1, 2, 3), }",
                             data, 48),
                  "more than 2 dimensions", "ndim 3");
  expect_refused (write_npy ("prod.npy", 1, "{'descr': '<f8', "
                             "'fortran_order': False, 'shape': (65536, "
                             "65536), }", data, 48),
                  "shape (65536, 65536): too large", "2^32 elements");
  expect_refused (write_npy ("dim.npy", 1, "{'descr': '<f8', "
                             "'fortran_order': False, 'shape': "
                             "(18446744073709551617,), }", data, 48),
                  "too large", "a dimension overflowing 64 bits");
  expect_refused (write_npy ("nokey.npy", 1, "{'descr': '<f8', "
                             "'shape': (6,), }", data, 48),
                  "missing key 'fortran_order'", "a missing key");
  expect_refused (write_npy ("twice.npy", 1, "{'descr': '<f8', "
                             "'fortran_order': False, 'shape': (6,), "
                             "'shape': (6,)}", data, 48),
                  "repeated key 'shape'", "a repeated key");
  expect_refused (write_npy ("fo.npy", 1, "{'descr': '<f8', "
                             "'fortran_order': 0, 'shape': (6,), }",
                             data, 48),
                  "not True or False", "fortran_order 0");
  expect_refused (write_npy ("tup.npy", 1, "{'descr': '<f8', "
                             "'fortran_order': False, 'shape': (2 3), }",
                             data, 48),
                  "not a tuple of integers", "a shape without comma");
  expect_refused (write_npy ("junk.npy", 1, "{'descr': '<f8', "
                             "'fortran_order': False, 'shape': (6,), } x",
                             data, 48),
                  "text after the dict", "text after the dict");
  at = 0;
  for (size_t i = 0; i < 6; i++)
    at += put (data + at, i == 5 ? GSL_NAN : 1.0, 'f', 8, 0);
  expect_refused (write_npy ("nan.npy", 1, good, data, 48),
                  "NaN at index (1, 2)", "a NaN, naming its index");
  expect_refused (write_npy ("nanf.npy", 1, "{'descr': '<f8', "
                             "'fortran_order': True, 'shape': (2, 3), }",
                             data, 48),
                  "NaN at index (1, 2)",
                  "a NaN in Fortran order, naming its row-major index");
  expect_refused (write_vector ("inf.npy", "<f4", nan1, 4, 1),
                  "inf at index (3,)", "an infinity in float32");
  expect_refused (path_in (files, "missing.npy"), "No such file or "
                  "directory", "a missing file");
  expect_refused (files, "not a regular file", "a directory");
}

/* The --npy directory: the toy net, its batch and reference gradients. */

struct toycase {
  bp_problem *toy;
  bp_grads *g;
};

static void
put_matrix (const char *name, const gsl_matrix *M, int as_vector)
{
  bp_error err;
  size_t shape[2] = { M->size1, M->size2 };
  if (bp_npy_write (path_in (casedir, name), M->data, as_vector ? 1 : 2,
                    as_vector ? shape + 1 : shape, &err))
    bail ("%s: %s", name, err.msg);
}

static void
put_vector (const char *name, const gsl_vector *v, int as_row)
{
  gsl_matrix_const_view m = gsl_matrix_const_view_vector (v, 1, v->size);
  put_matrix (name, &m.matrix, !as_row);
}

/* The labels as a 1-d file of dtype descr. */
static void
put_labels (const char *descr, const double *y, size_t N)
{
  write_vector ("y.npy", descr, y, N, 1);
  move_in ("y.npy");
}

static void
put_good (const struct toycase *t)
{
  double y[16];
  for (size_t i = 0; i < t->toy->N; i++)
    y[i] = (double) t->toy->y[i];
  put_matrix ("X.npy", t->toy->X, 0);
  put_labels ("<i8", y, t->toy->N);
  put_matrix ("W1.npy", t->toy->net->W1, 0);
  put_vector ("b1.npy", t->toy->net->b1, 1);        /* as (1, H) */
  put_matrix ("W2.npy", t->toy->net->W2, 0);
  put_vector ("b2.npy", t->toy->net->b2, 0);        /* as (C,) */
  put_matrix ("dW1.npy", t->g->dW1, 0);
  put_vector ("db1.npy", t->g->db1, 0);
  put_matrix ("dW2.npy", t->g->dW2, 0);
  put_vector ("db2.npy", t->g->db2, 1);
}

static void
expect_dir_refused (const char *want, const char *what)
{
  bp_problem *c = (bp_problem *) 1;
  bp_error err = { "" };
  ok (bp_problem_load_npy (casedir, &c, &err) == GSL_EFAILED && c == NULL,
      "load_dir refuses %s", what);
  is_substr (err.msg, want, "... naming the file");
}

static void
check_dir (void)
{
  struct toycase t;
  bp_cache *cache;
  bp_problem *c = NULL;
  bp_error err = { "" };
  size_t N, D, H, C;
  const unsigned four = (1u << BP_DW1) | (1u << BP_DB1) | (1u << BP_DW2)
    | (1u << BP_DB2);
  double y[16];
  int same;

  if (bp_problem_load_toy (tap_srcfile ("data/toy.txt"), &t.toy, &err))
    bail ("data/toy.txt: %s", err.msg);
  N = t.toy->N;
  D = t.toy->net->D;
  H = t.toy->net->H;
  C = t.toy->net->C;
  cache = bp_cache_alloc (N, H, C);
  t.g = bp_grads_alloc (N, D, H, C);
  if (bp_net_forward (t.toy->net, t.toy->X, cache)
      || bp_net_backward (t.toy->net, t.toy->X, t.toy->y, t.toy->reg, cache,
                          t.g))
    bail ("toy: forward or backward failed");
  put_good (&t);

  ok (bp_problem_load_npy (casedir, &c, &err) == 0, "the toy net as .npy files "
      "loads (%s)", c ? "" : err.msg);
  if (c == NULL)
    bail ("cannot go on without the loaded case");
  ok (c->N == N && c->net->D == D && c->net->H == H && c->net->C == C
      && c->grads->N == N, "... N=%zu D=%zu H=%zu C=%zu", N, D, H, C);
  ok (memcmp (c->X->data, t.toy->X->data, N * D * sizeof (double)) == 0
      && memcmp (c->y, t.toy->y, N * sizeof *c->y) == 0,
      "... X and y exactly as saved");
  ok (memcmp (c->net->theta->data, t.toy->net->theta->data,
              c->net->theta->size * sizeof (double)) == 0,
      "... W1, b1 (saved as (1, H)), W2, b2 exactly as saved");
  is_int (c->grads->present, four, "... present: dW2 db2 dW1 db1 only");
  ok (memcmp (c->grads->dtheta->data, t.g->dtheta->data,
              t.g->dtheta->size * sizeof (double)) == 0,
      "... the four parameter gradients exactly as saved");
  ok (gsl_matrix_isnull (c->grads->dz2) && gsl_matrix_isnull (c->grads->dp1)
      && gsl_matrix_isnull (c->grads->dz1) && c->float32 == 0,
      "... absent gradients zero, nothing float32");
  bp_problem_free (c);

  /* dz2 as float32, and labels as exactly integral floats. */
  {
    unsigned char data[512];
    char dict[128];
    size_t at = 0;
    for (size_t i = 0; i < N * C; i++)
      at += put (data + at, t.g->dz2->data[i], 'f', 4, 0);
    snprintf (dict, sizeof dict, "{'descr': '<f4', 'fortran_order': False, "
              "'shape': (%zu, %zu), }", N, C);
    write_npy ("dz2.npy", 1, dict, data, at);
    move_in ("dz2.npy");
  }
  for (size_t i = 0; i < N; i++)
    y[i] = (double) t.toy->y[i];
  put_labels ("<f8", y, N);
  c = NULL;
  ok (bp_problem_load_npy (casedir, &c, &err) == 0 && c->float32 == 1
      && c->grads->present == (four | 1u << BP_DZ2)
      && memcmp (c->y, t.toy->y, N * sizeof *c->y) == 0,
      "float32 dz2 and float64 labels load; float32 and dz2 present set");
  same = c != NULL;
  for (size_t i = 0; same && i < N * C; i++)
    same = fabs (c->grads->dz2->data[i] - t.g->dz2->data[i])
      <= 1e-7 * fabs (t.g->dz2->data[i]);
  ok (same, "... dz2 within float32 precision of the reference");
  bp_problem_free (c);

  /* Damage, one file at a time, each repaired afterwards. */
  y[2] = 1.5;
  put_labels ("<f8", y, N);
  expect_dir_refused ("y.npy: label y[2] = 1.5 is not an integer",
                      "a fractional label");
  y[2] = (double) t.toy->y[2];
  y[3] = 3;
  put_labels ("<i8", y, N);
  expect_dir_refused ("y.npy: label y[3] = 3 is out of range 0..2",
                      "a label out of range");
  y[3] = (double) t.toy->y[3];
  y[1] = -1;
  put_labels ("<i4", y, N);
  expect_dir_refused ("y.npy: label y[1] = -1 is negative",
                      "a negative label");
  put_labels ("<i8", y + 1, N - 1);
  expect_dir_refused ("y.npy: shape (4,) but X.npy has shape (5, 4): want "
                      "(5,)", "too few labels");
  put_good (&t);

  {
    gsl_matrix_view w = gsl_matrix_submatrix (t.toy->net->W2, 0, 0, H - 1, C);
    gsl_vector_view b = gsl_vector_subvector (t.toy->net->b1, 0, H - 1);
    gsl_matrix *wt = gsl_matrix_alloc (H, D);
    gsl_matrix *dz = gsl_matrix_calloc (N, C + 1);

    put_matrix ("W2.npy", &w.matrix, 0);
    expect_dir_refused ("W2.npy: shape (9, 3) but W1.npy has shape (4, 10): "
                        "want (10, C)", "W2 with too few rows");
    put_good (&t);
    put_vector ("b1.npy", &b.vector, 0);
    expect_dir_refused ("b1.npy: shape (9,) but W1.npy has shape (4, 10): "
                        "want (10,)", "b1 too short");
    put_good (&t);
    gsl_matrix_transpose_memcpy (wt, t.g->dW1);
    put_matrix ("dW1.npy", wt, 0);
    expect_dir_refused ("dW1.npy: shape (10, 4) but W1.npy has shape (4, 10)"
                        ": want (4, 10)", "dW1 transposed");
    put_good (&t);
    put_matrix ("dz2.npy", dz, 0);
    expect_dir_refused ("dz2.npy: shape (5, 4) but X.npy has shape (5, 4) "
                        "and W2.npy (10, 3): want (5, 3)", "dz2 of C + 1");
    remove (path_in (casedir, "dz2.npy"));
    gsl_matrix_free (wt);
    gsl_matrix_free (dz);
  }
  {
    const double bad[5] = { 0.0, 1.0, GSL_NAN, 2.0, 3.0 };
    write_vector ("dp1.npy", "<f8", bad, 5, 1);
    move_in ("dp1.npy");
    expect_dir_refused ("dp1.npy: NaN at index (2,)",
                        "a damaged optional file");
    remove (path_in (casedir, "dp1.npy"));
  }
  remove (path_in (casedir, "b2.npy"));
  expect_dir_refused ("b2.npy: No such file or directory",
                      "a missing required file");

  bp_grads_free (t.g);
  bp_cache_free (cache);
  bp_problem_free (t.toy);
}

/* Remove dir and the files in it. */
static void
remove_dir (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  while (d && (e = readdir (d)) != NULL)
    if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
      remove (path_in (dir, e->d_name));
  if (d)
    closedir (d);
  if (rmdir (dir))
    diag ("cannot remove %s", dir);
}

int
main (void)
{
  tap_gsl_handler_install ();
  if (mkdtemp (files) == NULL || mkdtemp (casedir) == NULL)
    bail ("cannot create temporary directories");
  plan (115);
  check_dtypes ();
  check_layouts ();
  check_write ();
  check_parse ();
  check_damage ();
  check_dir ();
  remove_dir (files);
  remove_dir (casedir);
  return tap_done ();
}
