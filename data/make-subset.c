/* make-subset.c -- make the small Fashion-MNIST subset shipped in
 * data/fashion-mnist-subset/ from the full data set.
 *
 *   make data/make-subset
 *   data/make-subset /usr/share/datasets/fashion-mnist \
 *     data/fashion-mnist-subset 500 100
 *
 * takes, from each of the ten classes, the first 500 training images and
 * the first 100 test images in the order of the original files, keeps
 * that order, and writes them as gzip-compressed IDX files under the
 * original names.  The result is balanced and the same on every run. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backprop/idx.h"

#define CLASSES 10

static int
subset (const char *src, const char *dest, const char *images,
        const char *labels, size_t per_class)
{
  char ipath[4096], lpath[4096];
  bp_idx *im, *lb;
  bp_error err;
  size_t taken[CLASSES] = { 0 }, n = 0, D, dims[3];
  unsigned char *pix, *lab;

  snprintf (ipath, sizeof ipath, "%s/%s.gz", src, images);
  snprintf (lpath, sizeof lpath, "%s/%s.gz", src, labels);
  if (bp_idx_read (ipath, 3, &im, &err))
    {
      fprintf (stderr, "make-subset: %s: %s\n", ipath, err.msg);
      return 1;
    }
  if (bp_idx_read (lpath, 1, &lb, &err))
    {
      fprintf (stderr, "make-subset: %s: %s\n", lpath, err.msg);
      return 1;
    }
  D = im->dims[1] * im->dims[2];
  pix = malloc (CLASSES * per_class * D);
  lab = malloc (CLASSES * per_class);
  if (pix == NULL || lab == NULL || lb->dims[0] != im->dims[0])
    {
      fprintf (stderr, "make-subset: %s: out of memory or label count\n",
               lpath);
      return 1;
    }
  for (size_t i = 0; i < lb->dims[0] && n < CLASSES * per_class; i++)
    {
      unsigned c = lb->data[i];
      if (c >= CLASSES || taken[c] == per_class)
        continue;
      taken[c]++;
      memcpy (pix + n * D, im->data + i * D, D);
      lab[n++] = (unsigned char) c;
    }
  dims[0] = n;
  dims[1] = im->dims[1];
  dims[2] = im->dims[2];
  snprintf (ipath, sizeof ipath, "%s/%s.gz", dest, images);
  snprintf (lpath, sizeof lpath, "%s/%s.gz", dest, labels);
  if (bp_idx_write (ipath, 3, dims, pix, 1, &err)
      || bp_idx_write (lpath, 1, dims, lab, 1, &err))
    {
      fprintf (stderr, "make-subset: %s: %s\n", dest, err.msg);
      return 1;
    }
  printf ("%s: %zu images\n", ipath, n);
  bp_idx_free (im);
  bp_idx_free (lb);
  free (pix);
  free (lab);
  return 0;
}

int
main (int argc, char **argv)
{
  size_t ntrain = 500, ntest = 100;

  if (argc != 3 && argc != 5)
    {
      fprintf (stderr, "usage: make-subset SRCDIR DESTDIR "
               "[TRAIN_PER_CLASS TEST_PER_CLASS]\n");
      return 2;
    }
  if (argc == 5)
    {
      ntrain = strtoul (argv[3], NULL, 10);
      ntest = strtoul (argv[4], NULL, 10);
      if (ntrain == 0 || ntest == 0)
        {
          fprintf (stderr, "make-subset: counts must be positive\n");
          return 2;
        }
    }
  return subset (argv[1], argv[2], "train-images-idx3-ubyte",
                 "train-labels-idx1-ubyte", ntrain)
    || subset (argv[1], argv[2], "t10k-images-idx3-ubyte",
               "t10k-labels-idx1-ubyte", ntest);
}
