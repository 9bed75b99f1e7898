/* data.c -- data sets: loading, the validation split, preprocessing and
 * batches (see data.h). */

#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>

#include "backprop/cifar.h"
#include "backprop/data.h"
#include "backprop/idx.h"

/* IDX data sets (MNIST, Fashion-MNIST) have the ten classes 0..9. */
#define IDX_CLASSES 10

void
bp_data_free (bp_data *data)
{
  if (data == NULL)
    return;
  bp_dataset_free (data->train);
  bp_dataset_free (data->val);
  bp_dataset_free (data->test);
  free (data);
}

static int
is_file (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

/* Set path to DIR/NAME or DIR/NAME.gz, whichever exists; 0 when found. */
static int
find_file (char *path, size_t len, const char *dir, const char *name)
{
  snprintf (path, len, "%s/%s", dir, name);
  if (is_file (path))
    return 0;
  snprintf (path, len, "%s/%s.gz", dir, name);
  return is_file (path) ? 0 : -1;
}

/* A data set of bytes from IDX images (count, rows, columns), taking
 * their buffer; the labels are zero.  NULL when out of memory. */
static bp_dataset *
dataset_from_idx (bp_idx *im)
{
  bp_dataset *ds = calloc (1, sizeof *ds);

  if (ds == NULL || (ds->y = calloc (im->dims[0], sizeof *ds->y)) == NULL)
    {
      free (ds);
      return NULL;
    }
  ds->N = im->dims[0];
  ds->height = im->dims[1];
  ds->width = im->dims[2];
  ds->channels = 1;
  ds->D = ds->height * ds->width;
  ds->C = IDX_CLASSES;
  ds->bytes = im->data;         /* the data set takes the image buffer */
  im->data = NULL;
  return ds;
}

/* The labels of lb for the images of ipath: one each (the files' counts,
 * nlb and nim, agree), in 0..9. */
static int
check_labels (const bp_idx *lb, size_t nlb, size_t nim, const char *lpath,
              const char *ipath, bp_error *err)
{
  if (nlb != nim)
    return bp_error_set (err, "%s: %zu labels for the %zu images of %s",
                         lpath, nlb, nim, ipath);
  for (size_t i = 0; i < lb->count; i++)
    if (lb->data[i] >= IDX_CLASSES)
      return bp_error_set (err, "%s: label %u of item %zu is out of range "
                           "0..%d", lpath, lb->data[i], i + 1,
                           IDX_CLASSES - 1);
  return 0;
}

/* Read an image file and its label file into a data set of bytes: the
 * first n samples, or all with n = BP_DATA_ALL (see bp_idx_read_head). */
static int
load_idx_pair (const char *dir, const char *images, const char *labels,
               size_t n, bp_dataset **out, bp_error *err)
{
  char ipath[4096], lpath[4096];
  bp_idx *im = NULL, *lb = NULL;
  size_t nim = 0, nlb = 0;
  bp_error why;
  int status = 0;

  *out = NULL;
  if (find_file (ipath, sizeof ipath, dir, images))
    return bp_error_set (err, "%s: no file %s or %s.gz", dir, images, images);
  if (find_file (lpath, sizeof lpath, dir, labels))
    return bp_error_set (err, "%s: no file %s or %s.gz", dir, labels, labels);
  if (bp_idx_read_head (ipath, 3, n, &im, &nim, &why))
    return bp_error_set (err, "%s: %s", ipath, why.msg);
  if (bp_idx_read_head (lpath, 1, n, &lb, &nlb, &why))
    status = bp_error_set (err, "%s: %s", lpath, why.msg);
  if (status == 0)
    status = check_labels (lb, nlb, nim, lpath, ipath, err);
  if (status == 0 && (*out = dataset_from_idx (im)) == NULL)
    status = bp_error_set (err, "%s: out of memory", lpath);
  for (size_t i = 0; status == 0 && i < lb->count; i++)
    (*out)->y[i] = lb->data[i];
  bp_idx_free (im);
  bp_idx_free (lb);
  return status;
}

/* The test images must have the training images' shape. */
static int
check_same_shape (const bp_dataset *train, const bp_dataset *test,
                  const char *what, bp_error *err)
{
  if (train->D != test->D || train->width != test->width
      || train->height != test->height)
    return bp_error_set (err, "%s: test images are %zux%zu but training "
                         "images are %zux%zu", what, test->height,
                         test->width, train->height, train->width);
  return 0;
}

/* A reader of one kind of data directory: read_idx or read_cifar. */
typedef int dir_reader (const char *dir, size_t ntrain, int test,
                        bp_data *data, bp_error *err);

/* Read into data the parts of an IDX directory that are asked for: the
 * first ntrain training samples (none for 0) and, if test is nonzero, the
 * test set. */
static int
read_idx (const char *dir, size_t ntrain, int test, bp_data *data,
          bp_error *err)
{
  int status;

  /* The two sets decompress side by side where OpenMP has two threads;
   * a refusal of the training files is reported first. */
  {
    bp_error test_err;
    int test_status = 0;
    status = 0;
#ifdef _OPENMP
#pragma omp parallel sections num_threads(2) if (ntrain > 0 && test)
#endif
    {
#ifdef _OPENMP
#pragma omp section
#endif
      if (ntrain > 0)
        status = load_idx_pair (dir, "train-images-idx3-ubyte",
                                "train-labels-idx1-ubyte", ntrain,
                                &data->train, err);
#ifdef _OPENMP
#pragma omp section
#endif
      if (test)
        test_status = load_idx_pair (dir, "t10k-images-idx3-ubyte",
                                     "t10k-labels-idx1-ubyte", BP_DATA_ALL,
                                     &data->test, &test_err);
    }
    if (status == 0 && test_status != 0)
      status = bp_error_set (err, "%s", test_err.msg);
  }
  if (status == 0 && data->train && data->test)
    status = check_same_shape (data->train, data->test, dir, err);
  return status;
}

/* The same for a CIFAR-10 directory. */
static int
read_cifar (const char *dir, size_t ntrain, int test, bp_data *data,
            bp_error *err)
{
  char names[6][4096];
  const char *train[5], *testb[1];
  int status = 0;

  for (int i = 0; i < 6; i++)
    {
      char name[32];
      if (i < 5)
        snprintf (name, sizeof name, "data_batch_%d.bin", i + 1);
      else
        snprintf (name, sizeof name, "test_batch.bin");
      if (status == 0 && find_file (names[i], sizeof names[i], dir, name))
        status = bp_error_set (err, "%s: no file %s (a CIFAR-10 directory "
                               "holds data_batch_1.bin to data_batch_5.bin "
                               "and test_batch.bin)", dir, name);
      if (i < 5)
        train[i] = names[i];
      else
        testb[0] = names[i];
    }
  if (status == 0 && ntrain > 0)
    status = bp_cifar_read_head (train, 5, ntrain, &data->train, err);
  if (status == 0 && test)
    status = bp_cifar_read (testb, 1, &data->test, err);
  return status;
}

/* A directory of the kind that read reads: the parts asked for, in a new
 * bp_data; nothing when a part fails. */
static int
load_dir (const char *dir, size_t ntrain, int test, dir_reader *read,
          bp_data **out, bp_error *err)
{
  bp_data *data = calloc (1, sizeof *data);

  *out = NULL;
  if (data == NULL)
    return bp_error_set (err, "%s: out of memory", dir);
  if (read (dir, ntrain, test, data, err))
    {
      bp_data_free (data);
      return GSL_EFAILED;
    }
  *out = data;
  return 0;
}

int
bp_data_load_idx (const char *dir, bp_data **out, bp_error *err)
{
  return load_dir (dir, BP_DATA_ALL, 1, read_idx, out, err);
}

int
bp_data_load_cifar (const char *dir, bp_data **out, bp_error *err)
{
  return load_dir (dir, BP_DATA_ALL, 1, read_cifar, out, err);
}

/* A directory of either kind, the parts asked for. */
static int
load_some (const char *dir, size_t ntrain, int test, bp_data **out,
           bp_error *err)
{
  char path[4096];
  struct stat st;

  *out = NULL;
  if (stat (dir, &st) != 0)
    return bp_error_set (err, "%s: %s", dir, strerror (errno));
  if (!S_ISDIR (st.st_mode))
    return bp_error_set (err, "%s: not a directory", dir);
  if (find_file (path, sizeof path, dir, "train-images-idx3-ubyte") == 0)
    return load_dir (dir, ntrain, test, read_idx, out, err);
  if (find_file (path, sizeof path, dir, "data_batch_1.bin") == 0)
    return load_dir (dir, ntrain, test, read_cifar, out, err);
  return bp_error_set (err, "%s: neither IDX files "
                       "(train-images-idx3-ubyte[.gz]) nor CIFAR-10 batches "
                       "(data_batch_1.bin)", dir);
}

int
bp_data_load (const char *dir, bp_data **out, bp_error *err)
{
  return load_some (dir, BP_DATA_ALL, 1, out, err);
}

static bp_dataset *
copy_problem (const bp_problem *p)
{
  bp_dataset *ds = bp_dataset_alloc (p->N, p->net->D, p->net->C, 1);
  if (ds == NULL)
    return NULL;
  for (size_t i = 0; i < p->N; i++)
    {
      for (size_t j = 0; j < ds->D; j++)
        ds->floats[i * ds->D + j] = (float) gsl_matrix_get (p->X, i, j);
      ds->y[i] = p->y[i];
    }
  return ds;
}

int
bp_data_from_problem (const bp_problem *p, bp_data **out, bp_error *err)
{
  bp_data *data = calloc (1, sizeof *data);

  *out = NULL;
  if (data == NULL || (data->train = copy_problem (p)) == NULL
      || (data->test = copy_problem (p)) == NULL)
    {
      bp_data_free (data);
      return bp_error_set (err, "out of memory");
    }
  *out = data;
  return 0;
}

int
bp_data_split (bp_data *data, size_t n, bp_error *err)
{
  bp_dataset *train = data->train, *val;
  size_t D = train->D, first;

  if (n >= train->N)
    return bp_error_set (err, "a validation set of %zu leaves no training "
                         "samples of %zu", n, train->N);
  bp_dataset_free (data->val);
  data->val = NULL;
  if (n == 0)
    return 0;
  val = bp_dataset_alloc (n, D, train->C, train->bytes == NULL);
  if (val == NULL)
    return bp_error_set (err, "out of memory");
  first = train->N - n;
  val->width = train->width;
  val->height = train->height;
  val->channels = train->channels;
  if (train->bytes)
    memcpy (val->bytes, train->bytes + first * D, n * D);
  else
    memcpy (val->floats, train->floats + first * D, n * D * sizeof (float));
  memcpy (val->y, train->y + first, n * sizeof *val->y);
  train->N = first;
  data->val = val;
  return 0;
}

/* True when the name of path says it is a CIFAR-10 batch. */
static int
is_cifar_name (const char *path)
{
  size_t n = strlen (path);
  return (n >= 4 && strcmp (path + n - 4, ".bin") == 0)
    || (n >= 7 && strcmp (path + n - 7, ".bin.gz") == 0);
}

int
bp_dataset_load_images (const char *path, bp_dataset **out, bp_error *err)
{
  struct stat st;
  bp_idx *im;
  bp_error why;
  bp_dataset *ds;

  *out = NULL;
  if (stat (path, &st) != 0)
    return bp_error_set (err, "%s: %s", path, strerror (errno));
  if (S_ISDIR (st.st_mode))
    {
      bp_data *data;
      if (load_some (path, 0, 1, &data, err))
        return GSL_EFAILED;
      *out = data->test;
      data->test = NULL;
      bp_data_free (data);
      return 0;
    }
  if (is_cifar_name (path))
    return bp_cifar_read (&path, 1, out, err);
  if (bp_idx_read (path, 3, &im, &why))
    return bp_error_set (err, "%s: %s", path, why.msg);
  ds = dataset_from_idx (im);
  bp_idx_free (im);
  if (ds == NULL)
    return bp_error_set (err, "%s: out of memory", path);
  *out = ds;
  return 0;
}

bp_preproc *
bp_preproc_alloc (size_t D)
{
  bp_preproc *pp;

  if (D == 0 || D > (SIZE_MAX - sizeof *pp) / sizeof (double))
    GSL_ERROR_NULL ("preprocessing size must be positive", GSL_EINVAL);
  pp = calloc (1, sizeof *pp + D * sizeof pp->mean[0]);
  if (pp == NULL)
    GSL_ERROR_NULL ("cannot allocate preprocessing", GSL_ENOMEM);
  pp->D = D;
  pp->scale = 1.0;
  return pp;
}

void
bp_preproc_free (bp_preproc *pp)
{
  free (pp);                    /* header and mean are one block */
}

int
bp_preproc_fit (bp_preproc *pp, const bp_dataset *train)
{
  size_t N = train->N, D = train->D;

  if (pp->D != D)
    GSL_ERROR ("preproc_fit: sizes do not match", GSL_EBADLEN);
  if (train->bytes)
    {
      /* Sums of bytes are exact in integers; scale once at the end.
       * 257 rows of bytes sum to at most 65535: each block of them is
       * summed in 16-bit lanes, which the compiler vectorises, and
       * added to 64-bit sums. */
      uint64_t *sum = calloc (D, sizeof *sum);
      uint16_t *part = malloc (D * sizeof *part);
      if (sum == NULL || part == NULL)
        {
          free (sum);
          free (part);
          GSL_ERROR ("preproc_fit: cannot allocate sums", GSL_ENOMEM);
        }
      for (size_t i = 0; i < N;)
        {
          size_t end = N - i > 257 ? i + 257 : N;
          memset (part, 0, D * sizeof *part);
          for (; i < end; i++)
            {
              const unsigned char *row = train->bytes + i * D;
#pragma omp simd
              for (size_t j = 0; j < D; j++)
                part[j] += row[j];
            }
          for (size_t j = 0; j < D; j++)
            sum[j] += part[j];
        }
      free (part);
      pp->scale = 1.0 / 255.0;
      for (size_t j = 0; j < D; j++)
        pp->mean[j] = pp->scale * (double) sum[j] / (double) N;
      free (sum);
    }
  else
    {
      pp->scale = 1.0;
      for (size_t j = 0; j < D; j++)
        pp->mean[j] = 0.0;
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < D; j++)
          pp->mean[j] += train->floats[i * D + j];
      for (size_t j = 0; j < D; j++)
        pp->mean[j] /= (double) N;
    }
  return 0;
}

int
bp_dataset_batch (const bp_dataset *ds, const bp_preproc *pp,
                  const size_t *idx, size_t first, gsl_matrix *X, size_t *y)
{
  size_t n = X->size1, D = ds->D;
  const double *mean = pp->mean;
  double scale = pp->scale;

  if (X->size2 != D || pp->D != D)
    GSL_ERROR ("dataset_batch: sizes do not match", GSL_EBADLEN);
  if (idx == NULL && (first > ds->N || n > ds->N - first))
    GSL_ERROR ("dataset_batch: rows out of range", GSL_EINVAL);
  for (size_t i = 0; idx != NULL && i < n; i++)
    if (idx[i] >= ds->N)
      GSL_ERROR ("dataset_batch: index out of range", GSL_EINVAL);
  /* Rows are independent: with OpenMP, the threads that BLIS uses
   * between its matrix products convert them. */
#ifdef _OPENMP
#pragma omp parallel for if (n * D > 100000)
#endif
  for (size_t i = 0; i < n; i++)
    {
      size_t r = idx ? idx[i] : first + i;
      double *out = X->data + i * X->tda;
      if (ds->bytes)
        {
          const unsigned char *in = ds->bytes + r * D;
#if defined __GNUC__
          /* Batches gather rows from all over the data set: ask for the
           * next row while this one is converted (a third faster). */
          if (idx != NULL && i + 1 < n && idx[i + 1] < ds->N)
            {
              const unsigned char *next = ds->bytes + idx[i + 1] * D;
              for (size_t j = 0; j < D; j += 64)
                __builtin_prefetch (next + j);
            }
#endif
          /* Vectorized, several values to an instruction: faster than
           * looking scale * byte up in a table, which does not vectorize.
           * The numbers are the same unless the compiler fuses the
           * multiplication into the subtraction. */
#pragma omp simd
          for (size_t j = 0; j < D; j++)
            out[j] = scale * (double) in[j] - mean[j];
        }
      else
        {
          const float *in = ds->floats + r * D;
#pragma omp simd
          for (size_t j = 0; j < D; j++)
            out[j] = scale * in[j] - mean[j];
        }
      if (y != NULL)
        y[i] = ds->y[r];
    }
  return 0;
}

/* The directory of the data shipped with backprop: $BACKPROP_DATADIR,
 * else the installed one. */
const char *
bp_datadir (void)
{
  const char *env = getenv ("BACKPROP_DATADIR");
  return env != NULL && *env != '\0' ? env : PKGDATADIR;
}

const char *
bp_datafile (const char *name)
{
  static char path[4096];

  snprintf (path, sizeof path, "%s/%s", bp_datadir (), name);
  return access (path, R_OK) == 0 ? path : NULL;
}

/* The toy net, built into the library, as training and test set. */
static int
open_toy (bp_data **out, bp_error *err)
{
  bp_problem *toy;
  int status = bp_problem_toy (&toy, err);

  if (status == 0)
    status = bp_data_from_problem (toy, out, err);
  bp_problem_free (toy);
  return status;
}

/* The toy's five samples as both sets, cut to what was asked for. */
static int
open_toy_some (size_t ntrain, int test, bp_data **out, bp_error *err)
{
  bp_data *data;

  if (open_toy (&data, err))
    return GSL_EFAILED;
  if (ntrain == 0)
    {
      bp_dataset_free (data->train);
      data->train = NULL;
    }
  else if (ntrain < data->train->N)
    data->train->N = ntrain;
  if (!test)
    {
      bp_dataset_free (data->test);
      data->test = NULL;
    }
  *out = data;
  return 0;
}

int
bp_data_open_some (const char *name, size_t ntrain, int test,
                   bp_data **out, bp_error *err)
{
  const char *path;

  *out = NULL;
  if (ntrain == 0 && !test)
    return bp_error_set (err, "neither training nor test samples asked "
                         "for");
  if (name != NULL && strcmp (name, "toy") == 0)
    return open_toy_some (ntrain, test, out, err);
  if (name == NULL)
    {
      if ((path = bp_datafile (BP_SUBSET)) == NULL)
        return bp_error_set (err, "%s/%s: the shipped Fashion-MNIST subset "
                             "is not there (before make install, set "
                             "BACKPROP_DATADIR to the source tree's data/)",
                             bp_datadir (), BP_SUBSET);
      name = path;
    }
  else if (strcmp (name, "fashion-mnist") == 0)
    name = BP_FASHION_MNIST_DIR;
  return load_some (name, ntrain, test, out, err);
}

int
bp_data_open (const char *name, bp_data **out, bp_error *err)
{
  return bp_data_open_some (name, BP_DATA_ALL, 1, out, err);
}
