/* t-cifar.c -- the CIFAR-10 loader: a good directory of batches (one of
 * them gzip-compressed) loads with the right values; truncated records,
 * labels out of range, empty and missing files are refused with a
 * message naming the file. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "backprop/cifar.h"
#include "backprop/data.h"
#include "tap.h"

static const char *dir = "t-cifar.tmp";

/* Record r of batch b: label (b + r) mod 10, pixel j = (b * 7 + r * 3 + j)
 * mod 256. */
static void
record (unsigned char *rec, int b, int r)
{
  rec[0] = (unsigned char) ((b + r) % 10);
  for (int j = 0; j < BP_CIFAR_D; j++)
    rec[1 + j] = (unsigned char) ((b * 7 + r * 3 + j) % 256);
}

/* Batch b (1..5; 6 is the test batch) with n records, cut to len bytes
 * when len > 0; bad_label puts label 10 in record 2. */
static void
write_batch (int b, int n, size_t len, int bad_label, int gz)
{
  unsigned char *buf = malloc ((size_t) n * BP_CIFAR_RECORD + 1);
  char path[512];
  size_t size = (size_t) n * BP_CIFAR_RECORD;

  if (buf == NULL)
    bail ("out of memory");
  for (int r = 0; r < n; r++)
    record (buf + r * BP_CIFAR_RECORD, b, r);
  if (bad_label)
    buf[BP_CIFAR_RECORD] = 10;
  if (len > 0)
    size = len;
  if (b <= 5)
    snprintf (path, sizeof path, "%s/data_batch_%d.bin%s", dir, b,
              gz ? ".gz" : "");
  else
    snprintf (path, sizeof path, "%s/test_batch.bin", dir);
  if (gz)
    {
      gzFile f = gzopen (path, "wb");
      if (f == NULL || gzwrite (f, buf, (unsigned) size) != (int) size
          || gzclose (f) != Z_OK)
        bail ("cannot write %s", path);
    }
  else
    {
      FILE *f = fopen (path, "wb");
      if (f == NULL || fwrite (buf, 1, size, f) != size || fclose (f) != 0)
        bail ("cannot write %s", path);
    }
  free (buf);
}

static void
clean (void)
{
  char path[512];
  for (int b = 1; b <= 5; b++)
    {
      snprintf (path, sizeof path, "%s/data_batch_%d.bin", dir, b);
      remove (path);
      snprintf (path, sizeof path, "%s/data_batch_%d.bin.gz", dir, b);
      remove (path);
    }
  snprintf (path, sizeof path, "%s/test_batch.bin", dir);
  remove (path);
}

/* Every batch with 2 records, batch 3 gzip-compressed. */
static void
write_good (void)
{
  clean ();
  for (int b = 1; b <= 6; b++)
    write_batch (b, 2, 0, 0, b == 3);
}

static void
expect_refusal (const char *file, const char *want, const char *what)
{
  bp_data *data = (bp_data *) 1;
  bp_error err = { "" };
  char path[512];

  snprintf (path, sizeof path, "%s/%s", dir, file);
  ok (bp_data_load (dir, &data, &err) != 0 && data == NULL,
      "refuses %s", what);
  ok (strstr (err.msg, path) != NULL && strstr (err.msg, want) != NULL,
      "... with \"%s\" naming %s", want, file);
  if (strstr (err.msg, path) == NULL || strstr (err.msg, want) == NULL)
    diag ("message: %s", err.msg);
}

int
main (void)
{
  bp_data *data = NULL;
  bp_dataset *ds = NULL;
  bp_error err = { "" };
  unsigned char rec[BP_CIFAR_RECORD];
  char path[512];
  int loaded;

  plan (20);
  if (mkdir (dir, 0777) != 0 && access (dir, W_OK) != 0)
    bail ("cannot create %s", dir);

  write_good ();
  loaded = bp_data_load (dir, &data, &err) == 0;
  ok (loaded, "a directory of six 2-record batches loads");
  if (!loaded)
    bail ("%s", err.msg);
  ok (data->train->N == 10 && data->test->N == 2 && data->train->D == 3072
      && data->train->C == 10 && data->train->width == 32
      && data->train->height == 32 && data->train->channels == 3,
      "... as 10 + 2 colour images of 32x32");
  record (rec, 3, 1);
  ok (memcmp (data->train->bytes + 5 * BP_CIFAR_D, rec + 1, BP_CIFAR_D) == 0
      && data->train->y[5] == rec[0],
      "... sample 5 is record 2 of the gzip batch 3 (label %zu)",
      data->train->y[5]);
  record (rec, 6, 1);
  ok (data->test->bytes[BP_CIFAR_D + 2049] == rec[2050]
      && data->test->y[1] == 7, "... test labels and blue pixels as written");
  bp_data_free (data);

  snprintf (path, sizeof path, "%s/test_batch.bin", dir);
  ok (bp_dataset_load_images (path, &ds, &err) == 0 && ds->N == 2
      && ds->bytes[BP_CIFAR_D + 7] == rec[8],
      "a single batch file loads for prediction");
  bp_dataset_free (ds);

  /* Only the records asked for: 3 of them are the first two of batch 1
   * and the first of (gzip) batch 2, read as in a full read; batch 2's
   * damaged second record is not reached, nor is batch 3, cut to 10
   * bytes. */
  write_batch (2, 2, 2 * BP_CIFAR_RECORD - 100, 0, 1);
  snprintf (path, sizeof path, "%s/data_batch_2.bin", dir);
  remove (path);
  write_batch (3, 2, 10, 0, 1);
  ok (bp_data_open_some (dir, 3, 0, &data, &err) == 0 && data->test == NULL
      && data->train->N == 3 && data->train->y[2] == 2,
      "3 training samples alone read, before a damaged record in batch 2 "
      "and a damaged batch 3 %s", data ? "" : err.msg);
  record (rec, 2, 0);
  ok (data && memcmp (data->train->bytes + 2 * BP_CIFAR_D, rec + 1,
                      BP_CIFAR_D) == 0,
      "... sample 2 is record 1 of the gzip batch 2");
  bp_data_free (data);
  data = NULL;
  ok (bp_data_open_some (dir, 4, 0, &data, &err) != 0
      && strstr (err.msg, "truncated: the last record has 2973") != NULL,
      "4 reach the damaged record: %s", err.msg);
  ok (bp_data_open_some (dir, 0, 1, &data, &err) == 0 && data->train == NULL
      && data->test->N == 2 && data->test->y[1] == 7,
      "the test set alone, without the training batches");
  bp_data_free (data);
  data = NULL;

  write_good ();
  write_batch (2, 2, 2 * BP_CIFAR_RECORD - 100, 0, 0);
  expect_refusal ("data_batch_2.bin", "truncated: the last record has 2973 "
                  "of 3073 bytes", "a truncated record");
  write_good ();
  write_batch (4, 3, 0, 1, 0);
  expect_refusal ("data_batch_4.bin", "record 2: label 10 is out of range",
                  "a label out of range");
  write_good ();
  write_batch (6, 1, 1, 0, 0);
  expect_refusal ("test_batch.bin", "truncated: the last record has 1 of",
                  "a file of one byte");
  write_good ();
  {
    FILE *f;
    snprintf (path, sizeof path, "%s/data_batch_5.bin", dir);
    f = fopen (path, "wb");
    if (f == NULL || fclose (f) != 0)
      bail ("cannot write %s", path);
  }
  expect_refusal ("data_batch_5.bin", "empty: no records", "an empty file");
  write_good ();
  snprintf (path, sizeof path, "%s/data_batch_4.bin", dir);
  remove (path);
  ok (bp_data_load (dir, &data, &err) != 0
      && strstr (err.msg, "no file data_batch_4.bin") != NULL,
      "a missing batch is refused: %s", err.msg);
  write_good ();
  write_batch (1, 3, 3 * BP_CIFAR_RECORD - 1, 0, 1);
  snprintf (path, sizeof path, "%s/data_batch_1.bin", dir);
  remove (path);
  expect_refusal ("data_batch_1.bin.gz", "truncated: the last record has "
                  "3072 of 3073", "a truncated gzip batch");
  clean ();
  rmdir (dir);
  return tap_done ();
}
