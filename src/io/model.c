/* model.c -- save and load trained networks (see model.h for the format). */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <zlib.h>
#include <gsl/gsl_errno.h>

#include "backprop/model.h"
#include "backprop/problem.h"

/* A model file larger than this (128 MiB) is taken for a corrupt one. */
#define MAX_FILE ((size_t) 1 << 27)

/* The file's integers are little-endian, n bytes (4 or 8) each. */
static void
put_uint (unsigned char *p, uint64_t v, int n)
{
  for (int i = 0; i < n; i++)
    p[i] = (unsigned char) (v >> (8 * i));
}

static void
put_double (unsigned char *p, double x)
{
  uint64_t v;
  memcpy (&v, &x, sizeof v);
  put_uint (p, v, 8);
}

static uint64_t
get_uint (const unsigned char *p, int n)
{
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static double
get_double (const unsigned char *p)
{
  uint64_t v = get_uint (p, 8);
  double x;
  memcpy (&x, &v, sizeof x);
  return x;
}

static uint32_t
checksum (const unsigned char *p, size_t n)
{
  uLong crc = crc32 (0L, Z_NULL, 0);
  while (n > 0)
    {
      uInt k = n > UINT_MAX ? UINT_MAX : (uInt) n;
      crc = crc32 (crc, p, k);
      p += k;
      n -= k;
    }
  return (uint32_t) crc;
}

size_t
bp_model_file_size (size_t D, size_t H, size_t C)
{
  size_t P = bp_net_size (D, H, C), n;

  /* bp_net_size keeps P <= SIZE_MAX / 8. */
  if (P == 0 || D > SIZE_MAX / 8 - P)
    return 0;
  n = 8 * (D + P);
  if (n > SIZE_MAX - BP_MODEL_HEADER - 4)
    return 0;
  return BP_MODEL_HEADER + n + 4;
}

/* Write all of buf to fd. */
static int
write_all (int fd, const unsigned char *buf, size_t n)
{
  while (n > 0)
    {
      ssize_t k = write (fd, buf, n);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        return -1;
      buf += k;
      n -= (size_t) k;
    }
  return 0;
}

/* Sync the directory holding path, so that a rename in it is durable. */
static void
sync_dir (const char *path)
{
  char dir[4096];
  const char *slash = strrchr (path, '/');
  int fd;

  if (slash == NULL)
    strcpy (dir, ".");
  else if (slash == path)
    strcpy (dir, "/");
  else
    snprintf (dir, sizeof dir, "%.*s", (int) (slash - path), path);
  fd = open (dir, O_RDONLY);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

int
bp_model_save (const char *path, const bp_model *m, bp_error *err)
{
  const bp_net *net = m->net;
  size_t D = net->D, P = net->theta->size;
  size_t size = bp_model_file_size (D, net->H, net->C);
  unsigned char *buf, *p;
  char tmp[4096];
  int fd, saved;

  if (size == 0 || m->pp->D != D)
    return bp_error_set (err, "the model does not fit in a file");
  if (snprintf (tmp, sizeof tmp, "%s.XXXXXX", path) >= (int) sizeof tmp)
    return bp_error_set (err, "file name too long");
  buf = malloc (size);
  if (buf == NULL)
    return bp_error_set (err, "out of memory");
  memcpy (buf, BP_MODEL_MAGIC, 8);
  put_uint (buf + 8, BP_MODEL_VERSION, 4);
  put_uint (buf + 12, D, 8);
  put_uint (buf + 20, net->H, 8);
  put_uint (buf + 28, net->C, 8);
  put_uint (buf + 36, m->width, 8);
  put_uint (buf + 44, m->height, 8);
  put_uint (buf + 52, m->channels, 8);
  put_double (buf + 60, m->pp->scale);
  p = buf + BP_MODEL_HEADER;
  for (size_t j = 0; j < D; j++, p += 8)
    put_double (p, m->pp->mean[j]);
  for (size_t i = 0; i < P; i++, p += 8)
    put_double (p, gsl_vector_get (net->theta, i));
  put_uint (p, checksum (buf, size - 4), 4);

  fd = mkstemp (tmp);
  if (fd < 0)
    {
      saved = errno;
      free (buf);
      return bp_error_set (err, "cannot create a temporary file beside it: "
                           "%s", strerror (saved));
    }
  if (fchmod (fd, 0644) != 0 || write_all (fd, buf, size) != 0
      || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      goto fail;
    }
  if (close (fd) != 0 || rename (tmp, path) != 0)
    {
      saved = errno;
      goto fail;
    }
  free (buf);
  sync_dir (path);
  return 0;

fail:
  unlink (tmp);
  free (buf);
  return bp_error_set (err, "cannot write: %s", strerror (saved));
}

/* Read the whole file; 0, or GSL_EFAILED with err. */
static int
read_file (const char *path, unsigned char **buf, size_t *size,
           bp_error *err)
{
  struct stat st;
  FILE *f = fopen (path, "rb");
  int saved;

  *buf = NULL;
  if (f == NULL)
    return bp_error_set (err, "%s", strerror (errno));
  if (fstat (fileno (f), &st) != 0 || !S_ISREG (st.st_mode))
    {
      fclose (f);
      return bp_error_set (err, "not a regular file");
    }
  if ((uintmax_t) st.st_size > MAX_FILE)
    {
      fclose (f);
      return bp_error_set (err, "%jd bytes: too large for a model file",
                           (intmax_t) st.st_size);
    }
  *size = (size_t) st.st_size;
  *buf = malloc (*size + 1);
  if (*buf == NULL)
    {
      fclose (f);
      return bp_error_set (err, "out of memory");
    }
  if (fread (*buf, 1, *size, f) != *size)
    {
      saved = errno;
      fclose (f);
      free (*buf);
      *buf = NULL;
      return bp_error_set (err, "cannot read: %s", strerror (saved));
    }
  fclose (f);
  return 0;
}

/* Check the header and the length of a model file. */
static int
check_header (const unsigned char *buf, size_t size, bp_error *err)
{
  uint64_t D, H, C, w, h, ch;
  uint32_t version;
  size_t want = 0;

  if (size < 8 || memcmp (buf, BP_MODEL_MAGIC, 8) != 0)
    return bp_error_set (err, "not a backprop model file (bad magic)");
  if (size < BP_MODEL_HEADER)
    return bp_error_set (err, "truncated: %zu bytes, shorter than the "
                         "%d-byte header", size, BP_MODEL_HEADER);
  version = get_uint (buf + 8, 4);
  if (version != BP_MODEL_VERSION)
    return bp_error_set (err, "model format version %lu; this program reads "
                         "version %d", (unsigned long) version,
                         BP_MODEL_VERSION);
  D = get_uint (buf + 12, 8);
  H = get_uint (buf + 20, 8);
  C = get_uint (buf + 28, 8);
  w = get_uint (buf + 36, 8);
  h = get_uint (buf + 44, 8);
  ch = get_uint (buf + 52, 8);
  if (D == 0 || H == 0 || C == 0 || D > MAX_FILE || H > MAX_FILE
      || C > MAX_FILE
      || (want = bp_model_file_size (D, H, C)) == 0 || want > MAX_FILE)
    return bp_error_set (err, "absurd dimensions %llu x %llu x %llu",
                         (unsigned long long) D, (unsigned long long) H,
                         (unsigned long long) C);
  if ((w | h | ch) != 0
      && (w == 0 || h == 0 || ch == 0 || w > D || h > D / w || ch > D
          || w * h * ch != D))
    return bp_error_set (err, "image layout %llux%llux%llu does not match "
                         "D = %llu", (unsigned long long) w,
                         (unsigned long long) h, (unsigned long long) ch,
                         (unsigned long long) D);
  if (size < want)
    return bp_error_set (err, "truncated: %zu of %zu bytes", size, want);
  if (size > want)
    return bp_error_set (err, "%zu bytes after the end of the model",
                         size - want);
  if (checksum (buf, size - 4) != get_uint (buf + size - 4, 4))
    return bp_error_set (err, "checksum mismatch: the file is corrupt");
  return 0;
}

int
bp_model_load (const char *path, bp_model **out, bp_error *err)
{
  unsigned char *buf, *p;
  size_t size = 0, D, H, C;
  bp_model *m = NULL;
  int status;

  *out = NULL;
  if (read_file (path, &buf, &size, err))
    return GSL_EFAILED;
  status = check_header (buf, size, err);
  if (status == 0)
    {
      D = get_uint (buf + 12, 8);
      H = get_uint (buf + 20, 8);
      C = get_uint (buf + 28, 8);
      m = calloc (1, sizeof *m);
      if (m == NULL || (m->net = bp_net_alloc (D, H, C)) == NULL
          || (m->pp = bp_preproc_alloc (D)) == NULL)
        status = bp_error_set (err, "out of memory");
    }
  if (status == 0)
    {
      m->width = get_uint (buf + 36, 8);
      m->height = get_uint (buf + 44, 8);
      m->channels = get_uint (buf + 52, 8);
      m->pp->scale = get_double (buf + 60);
      if (!isfinite (m->pp->scale) || m->pp->scale <= 0)
        status = bp_error_set (err, "preprocessing scale %g is not a "
                               "positive number", m->pp->scale);
      p = buf + BP_MODEL_HEADER;
      for (size_t j = 0; status == 0 && j < D; j++, p += 8)
        if (!isfinite (m->pp->mean[j] = get_double (p)))
          status = bp_error_set (err, "preprocessing mean %zu is not "
                                 "finite", j);
      for (size_t i = 0; status == 0 && i < m->net->theta->size; i++, p += 8)
        {
          double x = get_double (p);
          if (!isfinite (x))
            status = bp_error_set (err, "parameter %zu is not finite", i);
          gsl_vector_set (m->net->theta, i, x);
        }
    }
  free (buf);
  if (status)
    {
      bp_model_free (m);
      return GSL_EFAILED;
    }
  *out = m;
  return 0;
}

void
bp_model_free (bp_model *m)
{
  if (m == NULL)
    return;
  bp_net_free (m->net);
  bp_preproc_free (m->pp);
  free (m);
}

int
bp_model_check_data (const bp_model *m, const bp_dataset *ds, bp_error *err)
{
  if (ds->D != m->net->D)
    return bp_error_set (err, "the model takes %zu inputs but the data have "
                         "%zu", m->net->D, ds->D);
  if (ds->C > m->net->C)
    return bp_error_set (err, "the model has %zu classes but the data have "
                         "%zu", m->net->C, ds->C);
  return 0;
}

/* n distinct samples of train, chosen with the seeded rng, into p. */
static int
draw_batch (const bp_dataset *train, const bp_preproc *pp, size_t n,
            unsigned long seed, bp_problem *p)
{
  size_t *all = malloc (train->N * sizeof *all);
  size_t *idx = malloc (n * sizeof *idx);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);
  int status = GSL_ENOMEM;

  if (all && idx && rng)
    {
      for (size_t i = 0; i < train->N; i++)
        all[i] = i;
      gsl_rng_set (rng, seed);
      gsl_ran_choose (rng, idx, n, all, train->N, sizeof *idx);
      status = bp_dataset_batch (train, pp, idx, 0, p->X, p->y);
    }
  gsl_rng_free (rng);
  free (idx);
  free (all);
  return status;
}

int
bp_problem_from_model (const char *path, const char *data, size_t n,
                       unsigned long seed, double reg, bp_problem **out,
                       bp_error *err)
{
  bp_model *model = NULL;
  bp_data *ds = NULL;
  bp_problem *p = NULL;
  int status;

  *out = NULL;
  if ((status = bp_model_load (path, &model, err)) != 0)
    {
      char msg[BP_ERRMAX];
      snprintf (msg, sizeof msg, "%s", err ? err->msg : "");
      return bp_error_set (err, "%s: %s", path, msg);
    }
  /* Only the head of the training set is read (a gzip file is read no
   * further than it): the batch is drawn from its first BP_MODEL_HEAD
   * samples, or n if more. */
  status = bp_data_open_some (data, n > BP_MODEL_HEAD ? n : BP_MODEL_HEAD, 0,
                              &ds, err);
  if (status == 0 && bp_model_check_data (model, ds->train, err))
    {
      char msg[BP_ERRMAX];
      snprintf (msg, sizeof msg, "%s", err ? err->msg : "");
      status = bp_error_set (err, "%s: %s", path, msg);
    }
  if (status == 0 && n > ds->train->N)
    status = bp_error_set (err, "--batch: %zu samples, but the training "
                           "set has %zu", n, ds->train->N);
  if (status == 0
      && (p = bp_problem_alloc (n, model->net->D, model->net->H,
                                model->net->C)) == NULL)
    status = bp_error_set (err, "out of memory");
  if (status == 0 && draw_batch (ds->train, model->pp, n, seed, p))
    status = bp_error_set (err, "cannot convert the batch");
  if (status == 0)
    {
      bp_net_memcpy (p->net, model->net);
      p->reg = reg;
      *out = p;
    }
  else
    bp_problem_free (p);
  bp_data_free (ds);
  bp_model_free (model);
  return status ? GSL_EFAILED : 0;
}
