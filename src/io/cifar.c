/* cifar.c -- read CIFAR-10 binary batches (see cifar.h). */

#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <gsl/gsl_errno.h>

#include "backprop/cifar.h"

/* More records than this (about 1 GiB of images) is not a CIFAR-10 set. */
#define MAX_RECORDS ((size_t) 1 << 18)

/* The records read so far, in arrays that grow as they arrive. */
struct records {
  size_t n, cap;
  unsigned char *pixels;        /* (cap, 3072) */
  size_t *y;                    /* (cap) */
};

static int
grow (struct records *r)
{
  size_t cap = r->cap == 0 ? 10000 : 2 * r->cap;
  unsigned char *p;
  size_t *y;

  if (cap > MAX_RECORDS)
    cap = MAX_RECORDS;
  p = realloc (r->pixels, cap * BP_CIFAR_D);
  if (p == NULL)
    return GSL_ENOMEM;
  r->pixels = p;
  y = realloc (r->y, cap * sizeof *y);
  if (y == NULL)
    return GSL_ENOMEM;
  r->y = y;
  r->cap = cap;
  return 0;
}

/* Read record number k (1-based) of the file; 1 when read, 0 at the end
 * of the file, GSL_EFAILED. */
static int
read_record (gzFile f, const char *path, size_t k, struct records *r,
             bp_error *err)
{
  unsigned char rec[BP_CIFAR_RECORD];
  size_t have = 0;
  int zerr;

  while (have < sizeof rec)
    {
      int n = gzread (f, rec + have, (unsigned) (sizeof rec - have));
      if (n < 0)
        {
          const char *why = gzerror (f, &zerr);
          if (zerr == Z_BUF_ERROR)
            break;              /* a gzip stream cut short */
          for (const char *c; (c = strstr (why, ": ")) != NULL;)
            why = c + 2;        /* zlib says "PATH: reason" */
          return bp_error_set (err, "%s: cannot read: %s", path,
                               zerr == Z_ERRNO ? strerror (errno) : why);
        }
      if (n == 0)
        break;
      have += (size_t) n;
    }
  if (have == 0)
    return 0;
  if (have < sizeof rec)
    return bp_error_set (err, "%s: truncated: the last record has %zu of "
                         "%d bytes", path, have, BP_CIFAR_RECORD);
  if (rec[0] >= BP_CIFAR_CLASSES)
    return bp_error_set (err, "%s: record %zu: label %u is out of range "
                         "0..%d", path, k, rec[0],
                         BP_CIFAR_CLASSES - 1);
  if (r->n == MAX_RECORDS)
    return bp_error_set (err, "%s: more than %zu records in all", path,
                         MAX_RECORDS);
  if (r->n == r->cap && grow (r))
    return bp_error_set (err, "%s: out of memory", path);
  memcpy (r->pixels + r->n * BP_CIFAR_D, rec + 1, BP_CIFAR_D);
  r->y[r->n++] = rec[0];
  return 1;
}

/* Read the records of a file until it ends or r holds limit of them. */
static int
read_file (const char *path, struct records *r, size_t limit, bp_error *err)
{
  size_t before = r->n;
  int status = 0;
  gzFile f;

  errno = 0;
  f = gzopen (path, "rb");
  if (f == NULL)
    return bp_error_set (err, "%s: %s", path,
                         errno ? strerror (errno) : "cannot open");
  for (size_t k = 1; r->n < limit
       && (status = read_record (f, path, k, r, err)) == 1; k++)
    ;
  if (status == 1)
    status = 0;
  gzclose (f);
  if (status == 0 && r->n == before)
    return bp_error_set (err, "%s: empty: no records", path);
  return status;
}

int
bp_cifar_read (const char *const *paths, size_t npaths, bp_dataset **out,
               bp_error *err)
{
  return bp_cifar_read_head (paths, npaths, (size_t) -1, out, err);
}

int
bp_cifar_read_head (const char *const *paths, size_t npaths, size_t n,
                    bp_dataset **out, bp_error *err)
{
  struct records r = { 0, 0, NULL, NULL };
  bp_dataset *ds = NULL;
  int status = 0;

  *out = NULL;
  if (n == 0)
    return bp_error_set (err, "no records asked for");
  for (size_t i = 0; status == 0 && i < npaths && r.n < n; i++)
    status = read_file (paths[i], &r, n, err);
  if (status == 0 && r.n == 0)
    status = bp_error_set (err, "no CIFAR-10 batch files given");
  if (status == 0)
    {
      ds = calloc (1, sizeof *ds);
      if (ds == NULL)
        status = bp_error_set (err, "out of memory");
    }
  if (status)
    {
      free (r.pixels);
      free (r.y);
      return GSL_EFAILED;
    }
  ds->N = r.n;
  ds->D = BP_CIFAR_D;
  ds->C = BP_CIFAR_CLASSES;
  ds->width = ds->height = BP_CIFAR_SIDE;
  ds->channels = 3;
  ds->bytes = r.pixels;
  ds->y = r.y;
  *out = ds;
  return 0;
}
