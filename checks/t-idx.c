/* t-idx.c -- the IDX loader and the data set directory it serves: good
 * files, plain and gzip-compressed, small and large, load with the right
 * values; each kind of damage is refused with a message naming the file;
 * the validation split, the preprocessing and the batches give the values
 * they should. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <gsl/gsl_errno.h>

#include "backprop/data.h"
#include "backprop/idx.h"
#include "tap.h"

/* The test's data set: 7 training and 3 test images of 3 rows, 2 columns;
 * pixel j of image i is (i * 37 + j * 11) mod 256, labels i mod 10. */
enum { NTRAIN = 7, NTEST = 3, ROWS = 3, COLS = 2, D = ROWS * COLS };

static const char *dir = "t-idx.tmp";

static unsigned char
pixel (size_t i, size_t j)
{
  return (unsigned char) ((i * 37 + j * 11) % 256);
}

/* Write bytes to dir/name as they are (gz: through gzip). */
static void
write_raw (const char *name, const unsigned char *p, size_t n, int gz)
{
  char path[512];
  snprintf (path, sizeof path, "%s/%s", dir, name);
  if (gz)
    {
      gzFile f = gzopen (path, "wb");
      if (f == NULL || gzwrite (f, p, (unsigned) n) != (int) n
          || gzclose (f) != Z_OK)
        bail ("cannot write %s", path);
    }
  else
    {
      FILE *f = fopen (path, "wb");
      if (f == NULL || fwrite (p, 1, n, f) != n || fclose (f) != 0)
        bail ("cannot write %s", path);
    }
}

/* The four files of a good data set, with suffix "" or ".gz". */
static void
write_good (int gz)
{
  unsigned char im[NTRAIN * D], lb[NTRAIN];
  size_t dims[3] = { NTRAIN, ROWS, COLS };
  char path[512];
  const char *sfx = gz ? ".gz" : "";
  bp_error err;

  for (size_t i = 0; i < NTRAIN; i++)
    {
      for (size_t j = 0; j < D; j++)
        im[i * D + j] = pixel (i, j);
      lb[i] = (unsigned char) (i % 10);
    }
  snprintf (path, sizeof path, "%s/train-images-idx3-ubyte%s", dir, sfx);
  if (bp_idx_write (path, 3, dims, im, gz, &err))
    bail ("%s: %s", path, err.msg);
  snprintf (path, sizeof path, "%s/train-labels-idx1-ubyte%s", dir, sfx);
  if (bp_idx_write (path, 1, dims, lb, gz, &err))
    bail ("%s: %s", path, err.msg);
  dims[0] = NTEST;
  snprintf (path, sizeof path, "%s/t10k-images-idx3-ubyte%s", dir, sfx);
  if (bp_idx_write (path, 3, dims, im, gz, &err))
    bail ("%s: %s", path, err.msg);
  snprintf (path, sizeof path, "%s/t10k-labels-idx1-ubyte%s", dir, sfx);
  if (bp_idx_write (path, 1, dims, lb, gz, &err))
    bail ("%s: %s", path, err.msg);
}

static void
clean (void)
{
  static const char *names[] = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
  };
  char path[512];
  for (int i = 0; i < 4; i++)
    {
      snprintf (path, sizeof path, "%s/%s", dir, names[i]);
      remove (path);
      snprintf (path, sizeof path, "%s/%s.gz", dir, names[i]);
      remove (path);
    }
}

/* A good set, then one file replaced by bytes; expect the message. */
static void
expect_refusal (const char *name, const unsigned char *p, size_t n, int gz,
                const char *want, const char *what)
{
  bp_data *data = (bp_data *) 1;
  bp_error err = { "" };
  char file[512];

  clean ();
  write_good (gz);
  write_raw (name, p, n, gz);
  ok (bp_data_load (dir, &data, &err) != 0 && data == NULL,
      "refuses %s", what);
  snprintf (file, sizeof file, "%s/%s", dir, name);
  ok (strstr (err.msg, file) != NULL && strstr (err.msg, want) != NULL,
      "... with \"%s\" naming %s", want, name);
  if (strstr (err.msg, file) == NULL || strstr (err.msg, want) == NULL)
    diag ("message: %s", err.msg);
}

static void
check_good (int gz)
{
  bp_data *data = NULL;
  bp_error err = { "" };
  int loaded;

  clean ();
  write_good (gz);
  loaded = bp_data_load (dir, &data, &err) == 0;
  ok (loaded, "a good %s data set loads", gz ? "gzip" : "plain");
  if (!loaded)
    {
      diag ("%s", err.msg);
      skip (3, "nothing loaded");
      return;
    }
  ok (data->train->N == NTRAIN && data->test->N == NTEST
      && data->train->D == D && data->train->C == 10
      && data->train->width == COLS && data->train->height == ROWS
      && data->train->channels == 1 && data->val == NULL,
      "... as %zu + %zu samples of %zu values (%zux%zu)", data->train->N,
      data->test->N, data->train->D, data->train->height,
      data->train->width);
  ok (data->train->bytes[5 * D + 4] == pixel (5, 4)
      && data->test->bytes[2 * D + 1] == pixel (2, 1),
      "... pixels read as written (%u)", data->train->bytes[5 * D + 4]);
  ok (data->train->y[6] == 6 && data->test->y[2] == 2,
      "... labels read as written");
  bp_data_free (data);
}

/* A training set of 12000 images of 28x28 (9.4 MB), plain: the reader
 * takes one buffer for it at once, and every byte must survive.  Cut
 * short, the file cannot hold what its header promises, and the buffer
 * grows from 1 MB as the data arrive until they stop. */
static void
check_large (void)
{
  enum { N = 12000, R = 28, PIX = R * R };
  unsigned char *im = malloc ((size_t) N * PIX), lb[N];
  size_t dims[3] = { N, R, R }, at[3] = { 0, N / 2, N - 1 };
  bp_data *data = NULL;
  bp_error err;
  char path[512];
  int same = 1;

  if (im == NULL)
    bail ("out of memory");
  for (size_t i = 0; i < N; i++)
    {
      for (size_t j = 0; j < PIX; j++)
        im[i * PIX + j] = pixel (i, j);
      lb[i] = (unsigned char) (i % 10);
    }
  clean ();
  for (int k = 0; k < 4; k++)   /* the test set: the first 3 images */
    {
      static const char *names[] = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
      };
      dims[0] = k < 2 ? N : NTEST;
      snprintf (path, sizeof path, "%s/%s", dir, names[k]);
      if (bp_idx_write (path, k % 2 ? 1 : 3, dims, k % 2 ? lb : im, 0, &err))
        bail ("%s: %s", path, err.msg);
    }
  if (bp_data_load (dir, &data, &err))
    {
      diag ("%s", err.msg);
      bail ("a large data set does not load");
    }
  for (size_t k = 0; k < 3; k++)
    same &= memcmp (data->train->bytes + at[k] * PIX, im + at[k] * PIX,
                    PIX) == 0;
  ok (data->train->N == N && same,
      "a large training set keeps its first, middle and last image");
  bp_data_free (data);
  snprintf (path, sizeof path, "%s/train-images-idx3-ubyte", dir);
  if (truncate (path, 16 + 3000000) != 0)
    bail ("cannot truncate %s", path);
  ok (bp_data_load (dir, &data, &err) != 0
      && strstr (err.msg, "truncated: 3000000 of 9408000 bytes of data")
      != NULL, "a large file cut short is read through a growing buffer "
      "to its end: %s", err.msg);
  free (im);
  clean ();
}

/* The mean of 600 rows of bytes, a column of 255s among them: the sums
 * run in blocks of 257 rows in 16 bits, the most that cannot overflow,
 * so a block one row longer would wrap and lose 65536. */
static void
check_fit_many (void)
{
  enum { N = 600, W = 3 };
  bp_dataset *ds = bp_dataset_alloc (N, W, 10, 0);
  bp_preproc *pp = bp_preproc_alloc (W);
  double m1 = 0.0;

  if (ds == NULL || pp == NULL)
    bail ("out of memory");
  for (size_t i = 0; i < N; i++)
    {
      ds->bytes[i * W] = 255;
      ds->bytes[i * W + 1] = (unsigned char) (i * 7 % 256);
      ds->bytes[i * W + 2] = 0;
      m1 += (double) (i * 7 % 256);
    }
  bp_preproc_fit (pp, ds);
  ok (pp->mean[0] == 1.0 && pp->mean[2] == 0.0,
      "600 rows of 255 have the mean 1 after scaling (%.17g), of 0 the "
      "mean 0", pp->mean[0]);
  is_double (pp->mean[1], m1 / 255.0 / N, 1e-15,
             "... and a varied column its mean");
  bp_preproc_free (pp);
  bp_dataset_free (ds);
}

/* Partial reads: the first n records, the same as in a full read, from
 * plain and gzip files; a file cut short before them is refused, one cut
 * after them is not looked at that far. */
static void
check_head (int gz)
{
  const char *how = gz ? "gzip" : "plain";
  char path[512];
  bp_idx *full = NULL, *head = NULL;
  bp_data *data = NULL;
  bp_error err = { "" };
  size_t in_file = 0;
  int same;

  clean ();
  write_good (gz);
  snprintf (path, sizeof path, "%s/train-images-idx3-ubyte%s", dir,
            gz ? ".gz" : "");
  if (bp_idx_read (path, 3, &full, &err))
    bail ("%s: %s", path, err.msg);
  ok (bp_idx_read_head (path, 3, 4, &head, &in_file, &err) == 0
      && head->dims[0] == 4 && head->dims[1] == ROWS && head->count == 4 * D
      && in_file == NTRAIN,
      "%s: the first 4 of %zu records read as 4 of %zu values (of %zu in "
      "the file)", how, (size_t) NTRAIN, head ? head->count : 0, in_file);
  same = head && memcmp (head->data, full->data, 4 * D) == 0;
  ok (same, "%s: ... the same bytes as the first 4 of a full read", how);
  bp_idx_free (head);
  head = NULL;
  ok (bp_idx_read_head (path, 3, 100, &head, NULL, &err) == 0
      && head->dims[0] == NTRAIN && memcmp (head->data, full->data,
                                            NTRAIN * D) == 0,
      "%s: asking for 100 of 7 records reads all 7", how);
  bp_idx_free (head);
  head = NULL;
  ok (bp_idx_read_head (path, 3, 0, &head, NULL, &err) != 0 && head == NULL
      && strstr (err.msg, "no records asked for") != NULL,
      "%s: asking for none is refused: %s", how, err.msg);

  /* The images cut after 5 of their 7 records. */
  {
    unsigned char cut[16 + 5 * D];
    memcpy (cut, "\x00\x00\x08\x03\x00\x00\x00\x07\x00\x00\x00\x03"
            "\x00\x00\x00\x02", 16);
    memcpy (cut + 16, full->data, 5 * D);
    write_raw (gz ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte",
               cut, sizeof cut, gz);
  }
  ok (bp_idx_read_head (path, 3, 5, &head, NULL, &err) == 0
      && head->dims[0] == 5 && memcmp (head->data, full->data, 5 * D) == 0,
      "%s, cut after 5 records: the first 5 read", how);
  bp_idx_free (head);
  head = NULL;
  ok (bp_idx_read_head (path, 3, 6, &head, NULL, &err) != 0 && head == NULL
      && strstr (err.msg, "truncated: 30 of 36 bytes of data") != NULL,
      "%s, cut after 5 records: 6 are refused: %s", how, err.msg);
  ok (bp_idx_read (path, 3, &head, &err) != 0
      && strstr (err.msg, "truncated: 30 of 42 bytes") != NULL,
      "%s, cut after 5 records: a full read is refused: %s", how, err.msg);
  bp_idx_free (full);

  /* bp_data_open_some on a directory: the parts asked for. */
  clean ();
  write_good (gz);
  ok (bp_data_open_some (dir, 3, 0, &data, &err) == 0 && data->test == NULL
      && data->train->N == 3 && data->train->y[2] == 2
      && data->train->bytes[2 * D + 5] == pixel (2, 5),
      "%s: bp_data_open_some (3 training samples, no test set)", how);
  bp_data_free (data);
  ok (bp_data_open_some (dir, 0, 1, &data, &err) == 0 && data->train == NULL
      && data->test->N == NTEST && data->test->y[1] == 1,
      "%s: bp_data_open_some (no training samples, the test set)", how);
  bp_data_free (data);
}

/* The first 10 samples of the shipped subset, read alone, are those of a
 * full read. */
static void
check_head_subset (void)
{
  bp_data *full = NULL, *head = NULL;
  bp_error err;
  size_t n = 10, D784;
  int loaded;

  loaded = bp_data_open (NULL, &full, &err) == 0;
  if (!loaded || bp_data_open_some (NULL, n, 0, &head, &err))
    {
      diag ("%s", err.msg);
      bp_data_free (full);
      skip (1, "the shipped subset does not load");
      return;
    }
  D784 = full->train->D;
  ok (head->train->N == n && head->test == NULL
      && memcmp (head->train->bytes, full->train->bytes, n * D784) == 0
      && memcmp (head->train->y, full->train->y, n * sizeof (size_t)) == 0,
      "the subset: its first %zu training samples read alone are those of "
      "a full read (labels %zu %zu %zu ...)", n, head->train->y[0],
      head->train->y[1], head->train->y[2]);
  bp_data_free (head);
  bp_data_free (full);
}

int
main (void)
{
  unsigned char buf[64 + NTRAIN * D];
  bp_data *data;
  bp_error err;
  bp_preproc *pp;
  gsl_matrix *X;
  size_t y[2], rows[2] = { 4, 0 };
  bp_idx *idx;

  tap_gsl_handler_install ();
  plan (45 + 2 * 9 + 4);
  for (size_t i = 0; i < sizeof buf; i++)      /* pixel values, all set */
    buf[i] = (unsigned char) (i * 37);
  if (mkdir (dir, 0777) != 0 && access (dir, W_OK) != 0)
    bail ("cannot create %s", dir);

  check_good (0);
  check_good (1);
  check_large ();
  check_fit_many ();
  check_head (0);
  check_head (1);
  check_head_subset ();

  /* Damaged files, each a copy of a good one with one thing wrong. */
  memcpy (buf, "\x00\x00\x08\x03\x00\x00\x00\x07\x00\x00\x00\x03"
          "\x00\x00\x00\x02", 16);
  buf[0] = 0x12;
  expect_refusal ("train-images-idx3-ubyte", buf, 16 + NTRAIN * D, 0,
                  "bad magic number 0x12000803", "a bad magic number");
  buf[0] = 0;
  buf[2] = 0x0d;
  expect_refusal ("train-images-idx3-ubyte", buf, 16 + NTRAIN * D, 0,
                  "data type 0x0d is not unsigned bytes",
                  "a file of floats");
  buf[2] = 0x08;
  expect_refusal ("train-images-idx3-ubyte", buf, 16 + NTRAIN * D - 5, 0,
                  "truncated: 37 of 42 bytes of data",
                  "truncated image data");
  expect_refusal ("train-images-idx3-ubyte.gz", buf, 16 + NTRAIN * D - 5, 1,
                  "truncated: 37 of 42 bytes of data",
                  "truncated gzip image data");
  expect_refusal ("train-images-idx3-ubyte", buf, 10, 0,
                  "ends inside the dimensions", "a truncated header");
  expect_refusal ("train-images-idx3-ubyte", buf, 16 + NTRAIN * D + 3, 0,
                  "go on past the 42 bytes",
                  "data longer than the header says");
  memcpy (buf + 4, "\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00", 12);
  expect_refusal ("train-images-idx3-ubyte", buf, 16 + NTRAIN * D, 0,
                  "dimension 2 is 65536: the data would exceed",
                  "dimensions whose product overflows");
  memcpy (buf + 4, "\x00\x00\x00\x00", 4);
  expect_refusal ("train-images-idx3-ubyte", buf, 16 + NTRAIN * D, 0,
                  "dimension 1 is 0", "a zero dimension");
  memcpy (buf, "\x00\x00\x08\x01\x00\x00\x00\x06" "\0\1\2\3\4\5", 14);
  expect_refusal ("train-labels-idx1-ubyte", buf, 14, 0,
                  "6 labels for the 7 images", "a label count mismatch");
  memcpy (buf, "\x00\x00\x08\x01\x00\x00\x00\x07" "\0\1\2\3\x0c\5\6", 15);
  expect_refusal ("train-labels-idx1-ubyte.gz", buf, 15, 1,
                  "label 12 of item 5 is out of range 0..9",
                  "a label out of range");
  memcpy (buf, "\x00\x00\x08\x03\x00\x00\x00\x07" "\0\1\2\3\4\5\6", 15);
  expect_refusal ("train-labels-idx1-ubyte", buf, 15, 0,
                  "3 dimensions where 1 are expected",
                  "an image file in place of labels");

  /* A gzip stream cut short. */
  clean ();
  write_good (1);
  {
    char path[512];
    snprintf (path, sizeof path, "%s/t10k-images-idx3-ubyte.gz", dir);
    if (truncate (path, 20) != 0)
      bail ("cannot truncate %s", path);
    ok (bp_data_load (dir, &data, &err) != 0
        && strstr (err.msg, path) != NULL
        && strstr (err.msg, "truncated") != NULL,
        "a gzip file cut short is refused as truncated");
    diag ("%s", err.msg);
    ok (data == NULL, "... and nothing is returned");
  }

  /* A directory with neither format, and one that does not exist. */
  clean ();
  ok (bp_data_load (dir, &data, &err) != 0
      && strstr (err.msg, "neither IDX files") != NULL,
      "an empty directory is refused: %s", err.msg);
  ok (bp_data_load ("t-idx.nonexistent", &data, &err) != 0
      && strstr (err.msg, "t-idx.nonexistent: No such file") != NULL,
      "a missing directory is refused: %s", err.msg);

  /* bp_idx_read on its own: a 4-dimensional file of 2x1x1x2 bytes. */
  {
    size_t dims[4] = { 2, 1, 1, 2 };
    unsigned char v[4] = { 9, 8, 7, 250 };
    char path[512];
    snprintf (path, sizeof path, "%s/four.gz", dir);
    bp_idx_write (path, 4, dims, v, 1, &err);
    ok (bp_idx_read (path, 4, &idx, &err) == 0 && idx->count == 4
        && idx->dims[3] == 2 && idx->data[3] == 250,
        "a 4-dimensional gzip file reads back");
    bp_idx_free (idx);
    remove (path);
  }

  /* Split, preprocessing and batches on the good set. */
  write_good (0);
  if (bp_data_load (dir, &data, &err))
    bail ("%s", err.msg);
  is_int (bp_data_split (data, 2, &err), 0, "split off 2 validation samples");
  ok (data->train->N == 5 && data->val->N == 2
      && data->val->bytes[1 * D + 3] == pixel (6, 3) && data->val->y[0] == 5,
      "... the last two training samples, labels 5 and 6");
  ok (bp_data_split (data, 5, &err) != 0
      && strstr (err.msg, "leaves no training samples") != NULL,
      "a split that leaves nothing to train on is refused");
  pp = bp_preproc_alloc (D);
  bp_preproc_fit (pp, data->train);
  {
    double m = 0.0;
    for (size_t i = 0; i < 5; i++)
      m += pixel (i, 4) / 255.0;
    is_double (pp->mean[4], m / 5, 1e-15, "mean of pixel 4 over the training "
               "set (%.6f)", m / 5);
  }
  is_double (pp->scale, 1 / 255.0, 0, "bytes are scaled by 1/255");
  X = gsl_matrix_alloc (2, D);
  is_int (bp_dataset_batch (data->train, pp, rows, 0, X, y), 0,
          "a batch of rows 4 and 0 converts");
  is_double (gsl_matrix_get (X, 0, 5), pixel (4, 5) / 255.0 - pp->mean[5],
             1e-15, "X[0,5] = pixel / 255 - mean");
  ok (y[0] == 4 && y[1] == 0, "... with labels 4 and 0");
  rows[0] = 5;
  ok (bp_dataset_batch (data->train, pp, rows, 0, X, y) == GSL_EINVAL,
      "a row index past the training set is refused");
  gsl_matrix_free (X);
  bp_preproc_free (pp);
  bp_data_free (data);
  clean ();
  rmdir (dir);
  return tap_done ();
}
