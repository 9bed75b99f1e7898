/* t-model.c -- model files: a saved model loads back bit for bit, the
 * write leaves no temporary file, and every kind of damage is refused
 * with its own message. */

#include <config.h>

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <gsl/gsl_math.h>

#include "backprop/model.h"
#include "tap.h"

static const char *path = "t-model.tmp.bpm";
static const char *bad = "t-model.tmp-bad.bpm";

static unsigned char *
slurp (const char *p, size_t *n)
{
  FILE *f = fopen (p, "rb");
  unsigned char *buf = malloc (1 << 16);
  if (f == NULL || buf == NULL)
    bail ("cannot read %s", p);
  *n = fread (buf, 1, 1 << 16, f);
  fclose (f);
  return buf;
}

static void
spit (const char *p, const unsigned char *buf, size_t n)
{
  FILE *f = fopen (p, "wb");
  if (f == NULL || fwrite (buf, 1, n, f) != n || fclose (f) != 0)
    bail ("cannot write %s", p);
}

/* Store the CRC-32 of buf[0 .. n-4) in its last 4 bytes, little-endian,
 * so that a test can damage a field and still pass the checksum. */
static void
reseal (unsigned char *buf, size_t n)
{
  uint32_t crc = (uint32_t) crc32 (0L, buf, (uInt) (n - 4));
  for (int i = 0; i < 4; i++)
    buf[n - 4 + i] = (unsigned char) (crc >> (8 * i));
}

static void
expect_refusal (const unsigned char *buf, size_t n, const char *want,
                const char *what)
{
  bp_model *m = (bp_model *) 1;
  bp_error err = { "" };

  spit (bad, buf, n);
  ok (bp_model_load (bad, &m, &err) != 0 && m == NULL, "refuses %s", what);
  is_substr (err.msg, want, "... saying so");
  remove (bad);
}

/* Files in the current directory whose names start with prefix. */
static int
count_files (const char *prefix)
{
  DIR *d = opendir (".");
  struct dirent *e;
  int n = 0;
  if (d == NULL)
    bail ("cannot read the current directory");
  while ((e = readdir (d)) != NULL)
    n += strncmp (e->d_name, prefix, strlen (prefix)) == 0;
  closedir (d);
  return n;
}

int
main (void)
{
  bp_model m = { NULL, NULL, 3, 2, 1 }, *back = NULL;
  bp_error err = { "" };
  unsigned char *buf, *copy;
  size_t n, P;
  double nan = GSL_NAN;

  tap_gsl_handler_install ();
  plan (29);
  m.net = bp_net_alloc (6, 4, 3);
  m.pp = bp_preproc_alloc (6);
  P = m.net->theta->size;
  for (size_t i = 0; i < P; i++)
    gsl_vector_set (m.net->theta, i, 2.385 * sin (1.0 + (double) i) / 3.0);
  for (size_t j = 0; j < 6; j++)
    m.pp->mean[j] = 0.1 * (double) j + 1.0 / 3.0;
  m.pp->scale = 1.0 / 255.0;

  is_int (bp_model_save (path, &m, &err), 0, "a 6-4-3 model saves");
  is_int (count_files ("t-model.tmp.bpm."), 0, "... and leaves no temporary "
          "file");
  buf = slurp (path, &n);
  is_int ((long) n, (long) bp_model_file_size (6, 4, 3), "... in %zu bytes",
          bp_model_file_size (6, 4, 3));
  ok (bp_model_load (path, &back, &err) == 0, "it loads back");
  if (back == NULL)
    bail ("%s", err.msg);
  ok (back->net->D == 6 && back->net->H == 4 && back->net->C == 3
      && back->width == 3 && back->height == 2 && back->channels == 1,
      "... with its dimensions and image layout");
  ok (memcmp (back->net->theta->data, m.net->theta->data, P * sizeof (double))
      == 0, "... its %zu parameters bit for bit", P);
  ok (memcmp (back->pp->mean, m.pp->mean, 6 * sizeof (double)) == 0
      && back->pp->scale == m.pp->scale,
      "... and its preprocessing bit for bit");
  bp_model_free (back);

  copy = malloc (n + 1);
  memcpy (copy, buf, n);
  copy[BP_MODEL_HEADER + 8 * 6 + 17] ^= 0x04;
  expect_refusal (copy, n, "checksum mismatch", "a flipped bit in W1");
  memcpy (copy, buf, n);
  copy[n - 2] ^= 0x80;
  expect_refusal (copy, n, "checksum mismatch", "a flipped bit in the CRC");
  expect_refusal (buf, n - 1, "truncated: 463 of 464 bytes",
                  "a file one byte short");
  expect_refusal (buf, 30, "shorter than the 68-byte header",
                  "a file cut inside the header");
  memcpy (copy, buf, n);
  copy[n] = 0;
  expect_refusal (copy, n + 1, "1 bytes after the end of the model",
                  "a byte of trailing garbage");
  memcpy (copy, buf, n);
  copy[1] = 'b';
  expect_refusal (copy, n, "not a backprop model file (bad magic)",
                  "a wrong magic number");
  expect_refusal (buf, 0, "bad magic", "an empty file");
  memcpy (copy, buf, n);
  copy[8] = 2;
  reseal (copy, n);
  expect_refusal (copy, n, "model format version 2; this program reads "
                  "version 1", "version 2, checksum correct");
  memcpy (copy, buf, n);
  copy[12 + 5] = 1;             /* D = 6 + 2^40 */
  reseal (copy, n);
  expect_refusal (copy, n, "absurd dimensions 1099511627782 x 4 x 3",
                  "an absurd D, checksum correct");
  memcpy (copy, buf, n);
  memcpy (copy + BP_MODEL_HEADER + 8 * 6 + 8 * 5, &nan, 8);
  reseal (copy, n);
  expect_refusal (copy, n, "parameter 5 is not finite",
                  "a NaN weight, checksum correct");

  /* A failed save leaves nothing behind. */
  ok (bp_model_save ("t-model.nonexistent/m.bpm", &m, &err) != 0,
      "saving into a missing directory fails");
  is_substr (err.msg, "cannot create a temporary file", "... saying so");

  free (copy);
  free (buf);
  bp_net_free (m.net);
  bp_preproc_free (m.pp);
  remove (path);
  return tap_done ();
}
