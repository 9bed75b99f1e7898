/* idx.c -- read and write IDX files of unsigned bytes (see idx.h). */

#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include <gsl/gsl_errno.h>

#include "backprop/idx.h"
#include "../core/bigmem.h"

/* Deflate writes at least 2 bits for a run of 258 bytes: a gzip file
 * holds at most this many times its size. */
#define DEFLATE_MAX_RATIO 1032

/* Read up to len bytes; the count read, or -1 with err set on a read or
 * decompression error. */
static long long
read_fully (gzFile f, unsigned char *buf, size_t len, bp_error *err)
{
  size_t have = 0;

  while (have < len)
    {
      size_t want = len - have;
      int n, zerr;
      if (want > INT_MAX)
        want = INT_MAX;
      n = gzread (f, buf + have, (unsigned) want);
      if (n < 0)
        {
          const char *why = gzerror (f, &zerr);
          if (zerr == Z_BUF_ERROR)
            break;              /* a gzip stream cut short: truncation */
          for (const char *c; (c = strstr (why, ": ")) != NULL;)
            why = c + 2;        /* zlib says "PATH: reason" */
          bp_error_set (err, "cannot read: %s",
                        zerr == Z_ERRNO ? strerror (errno) : why);
          return -1;
        }
      if (n == 0)
        break;
      have += (size_t) n;
    }
  return (long long) have;
}

static unsigned long
be32 (const unsigned char *p)
{
  return (unsigned long) p[0] << 24 | (unsigned long) p[1] << 16
    | (unsigned long) p[2] << 8 | (unsigned long) p[3];
}

/* Check the header of an IDX file and fill idx->ndims, dims and count. */
static int
read_header (gzFile f, unsigned ndims, bp_idx *idx, bp_error *err)
{
  unsigned char head[4 + 4 * BP_IDX_MAXDIMS];
  long long n = read_fully (f, head, 4, err);
  size_t count = 1;

  if (n < 0)
    return GSL_EFAILED;
  if (n < 4)
    return bp_error_set (err, "truncated: the file ends inside the magic "
                         "number (%lld of 4 bytes)", n);
  if (head[0] != 0 || head[1] != 0)
    return bp_error_set (err, "bad magic number 0x%08lx: not an IDX file",
                         be32 (head));
  if (head[2] != BP_IDX_UBYTE)
    return bp_error_set (err, "data type 0x%02x is not unsigned bytes "
                         "(0x08)", head[2]);
  if (head[3] != ndims)
    return bp_error_set (err, "%u dimensions where %u are expected (images "
                         "have 3, labels 1)", head[3], ndims);
  n = read_fully (f, head + 4, 4 * ndims, err);
  if (n < 0)
    return GSL_EFAILED;
  if (n < 4 * (long long) ndims)
    return bp_error_set (err, "truncated: the file ends inside the "
                         "dimensions (%lld of %u bytes)", n, 4 * ndims);
  idx->ndims = ndims;
  for (unsigned i = 0; i < ndims; i++)
    {
      unsigned long d = be32 (head + 4 + 4 * i);
      if (d == 0)
        return bp_error_set (err, "dimension %u is 0", i + 1);
      if (d > BP_IDX_MAXBYTES / count)
        return bp_error_set (err, "dimension %u is %lu: the data would "
                             "exceed %zu bytes", i + 1, d,
                             (size_t) BP_IDX_MAXBYTES);
      idx->dims[i] = d;
      count *= d;
    }
  idx->count = count;
  return 0;
}

/* Read idx->count bytes of data.  When the file can hold that many (most,
 * the most it can hold), they go into one buffer allocated at once, on
 * huge pages; otherwise into a buffer that grows as data arrive, so that
 * a small file with a large header costs no large allocation.  With
 * `whole', the file must end there. */
static int
read_data (gzFile f, bp_idx *idx, size_t most, int whole, bp_error *err)
{
  size_t have = 0, cap = 0;
  unsigned char extra;

  if (idx->count <= most)
    {
      idx->data = bp_big_alloc (idx->count);
      if (idx->data == NULL)
        return bp_error_set (err, "out of memory for %zu bytes", idx->count);
      cap = idx->count;
    }
  while (have < idx->count)
    {
      long long n;
      if (have == cap)
        {
          unsigned char *p;
          cap = cap == 0 ? (size_t) 1 << 20 : 2 * cap;
          if (cap > idx->count)
            cap = idx->count;
          p = realloc (idx->data, cap);
          if (p == NULL)
            return bp_error_set (err, "out of memory for %zu bytes", cap);
          idx->data = p;
        }
      n = read_fully (f, idx->data + have, cap - have, err);
      if (n < 0)
        return GSL_EFAILED;
      have += (size_t) n;
      if (have < cap)
        return bp_error_set (err, "truncated: %zu of %zu bytes of data",
                             have, idx->count);
    }
  if (!whole)
    return 0;
  switch (read_fully (f, &extra, 1, err))
    {
    case -1:
      return GSL_EFAILED;
    case 0:
      return 0;
    default:
      return bp_error_set (err, "the data go on past the %zu bytes that the "
                           "header announces", idx->count);
    }
}

/* The most bytes that f, of size bytes on disk, can hold decompressed. */
static size_t
most_bytes (gzFile f, off_t size)
{
  if (size < 0)
    return 0;
  if (gzdirect (f))
    return (size_t) size;
  return (size_t) size > SIZE_MAX / DEFLATE_MAX_RATIO ? SIZE_MAX
    : (size_t) size * DEFLATE_MAX_RATIO;
}

/* Read the first n records of the file (all of them and nothing after
 * when n is SIZE_MAX); *in_file, unless NULL, gets the header's count. */
static int
read_records (const char *path, unsigned ndims, size_t n, bp_idx **out,
              size_t *in_file, bp_error *err)
{
  bp_idx *idx;
  struct stat st;
  gzFile f;
  int status;

  *out = NULL;
  if (ndims == 0 || ndims > BP_IDX_MAXDIMS)
    return bp_error_set (err, "cannot read %u-dimensional IDX files", ndims);
  if (n == 0)
    return bp_error_set (err, "no records asked for");
  errno = 0;
  f = gzopen (path, "rb");
  if (f == NULL)
    return bp_error_set (err, "%s", errno ? strerror (errno)
                         : "cannot open");
  /* zlib's 8 KB default buffer makes it read in small pieces; 128 KB
   * reads Fashion-MNIST a tenth faster. */
  gzbuffer (f, 1 << 17);
  idx = calloc (1, sizeof *idx);
  if (idx == NULL)
    status = bp_error_set (err, "out of memory");
  else
    status = read_header (f, ndims, idx, err);
  if (status == 0)
    {
      /* The records are the first dimension: stop after n of them. */
      if (in_file != NULL)
        *in_file = idx->dims[0];
      if (n < idx->dims[0])
        {
          idx->count = idx->count / idx->dims[0] * n;
          idx->dims[0] = n;
        }
      status = read_data (f, idx, stat (path, &st) == 0
                          ? most_bytes (f, st.st_size) : 0,
                          n == SIZE_MAX, err);
    }
  gzclose (f);
  if (status)
    {
      bp_idx_free (idx);
      return GSL_EFAILED;
    }
  *out = idx;
  return 0;
}

int
bp_idx_read (const char *path, unsigned ndims, bp_idx **out, bp_error *err)
{
  return read_records (path, ndims, SIZE_MAX, out, NULL, err);
}

int
bp_idx_read_head (const char *path, unsigned ndims, size_t n, bp_idx **out,
                  size_t *in_file, bp_error *err)
{
  return read_records (path, ndims, n, out, in_file, err);
}

void
bp_idx_free (bp_idx *idx)
{
  if (idx == NULL)
    return;
  free (idx->data);
  free (idx);
}

int
bp_idx_write (const char *path, unsigned ndims, const size_t *dims,
              const unsigned char *data, int gz, bp_error *err)
{
  unsigned char head[4 + 4 * BP_IDX_MAXDIMS] = { 0, 0, BP_IDX_UBYTE, 0 };
  size_t count = 1, done = 0;
  gzFile f;
  int ok;

  if (ndims == 0 || ndims > BP_IDX_MAXDIMS)
    return bp_error_set (err, "cannot write %u-dimensional IDX files",
                         ndims);
  head[3] = (unsigned char) ndims;
  for (unsigned i = 0; i < ndims; i++)
    {
      if (dims[i] == 0 || dims[i] > 0xffffffffUL
          || dims[i] > SIZE_MAX / count)
        return bp_error_set (err, "dimension %u (%zu) does not fit an IDX "
                             "file", i + 1, dims[i]);
      count *= dims[i];
      for (int b = 0; b < 4; b++)
        head[4 + 4 * i + b] = (unsigned char) (dims[i] >> (24 - 8 * b));
    }
  errno = 0;
  f = gzopen (path, gz ? "wb9" : "wbT");
  if (f == NULL)
    return bp_error_set (err, "%s", errno ? strerror (errno)
                         : "cannot open");
  ok = gzwrite (f, head, 4 + 4 * ndims) == (int) (4 + 4 * ndims);
  while (ok && done < count)
    {
      size_t n = count - done > INT_MAX ? INT_MAX : count - done;
      ok = gzwrite (f, data + done, (unsigned) n) == (int) n;
      done += n;
    }
  if (gzclose (f) != Z_OK || !ok)
    return bp_error_set (err, "cannot write: %s", strerror (errno));
  return 0;
}
