/* dataset.h -- a data set held compactly: N samples of D values as
 * unsigned bytes (images: 47 MB for Fashion-MNIST's 60000 training images)
 * or as floats (the toy net), and their labels.  The type that the
 * loaders of data.h, cifar.h and the training of train.h share. */

#ifndef BP_DATASET_H
#define BP_DATASET_H

#include <stddef.h>

typedef struct bp_dataset {
  size_t N, D, C;               /* samples, values per sample, classes */
  /* The image layout, for plots: D = width * height * channels, stored
   * channel by channel, each channel row by row (CIFAR-10's layout).  All
   * 0 when the samples are not images (the toy net). */
  size_t width, height, channels;
  unsigned char *bytes;         /* (N, D) values 0..255, or NULL */
  float *floats;                /* (N, D) when bytes is NULL */
  size_t *y;                    /* (N) labels, each < C */
} bp_dataset;

/* A data set with room for N samples of D values, as bytes (floats == 0)
 * or floats, labels 0; NULL (through the GSL error handler) for a zero or
 * overflowing size. */
bp_dataset *bp_dataset_alloc (size_t N, size_t D, size_t C, int floats);
void bp_dataset_free (bp_dataset *ds);

#endif /* BP_DATASET_H */
