/* data.h -- data sets for training: images held compactly, a train /
 * validation / test split, preprocessing, and batches converted to the
 * double-precision rows the net reads.
 *
 * A data set (dataset.h) keeps its samples as bytes or floats, and each
 * batch is converted to a gsl_matrix (n, D) of doubles in
 * a workspace that the caller allocates once.  The conversion applies the
 * preprocessing
 *
 *   x' = scale * x - mean          (scale 1/255 for bytes, 1 for floats)
 *
 * whose mean is computed on the training set and stored with a model, so
 * that a loaded model sees its inputs exactly as in training.
 *
 * The loaders take a directory and name the files that they refuse: their
 * bp_error reads "DIR/train-labels-idx1-ubyte.gz: truncated: ...". */

#ifndef BP_DATA_H
#define BP_DATA_H

#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include "dataset.h"
#include "error.h"
#include "problem.h"

/* Where Debian's dataset-fashion-mnist package puts the data set. */
#define BP_FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"
/* The small subset of it shipped in data/ (see bp_datafile). */
#define BP_SUBSET "fashion-mnist-subset"

/* What is trained on, tuned on and tested on; val is NULL when there is
 * no validation set. */
typedef struct bp_data {
  bp_dataset *train, *val, *test;
} bp_data;

/* A data set directory: IDX files (train-images-idx3-ubyte,
 * train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,
 * each plain or with .gz) or CIFAR-10 binary batches (data_batch_1.bin to
 * data_batch_5.bin and test_batch.bin), whichever the directory holds.
 * There is no validation set yet; see bp_data_split.  0, or GSL_EFAILED
 * with err saying which file is wrong and how. */
int bp_data_load (const char *dir, bp_data **out, bp_error *err);
int bp_data_load_idx (const char *dir, bp_data **out, bp_error *err);
int bp_data_load_cifar (const char *dir, bp_data **out, bp_error *err);
/* The data set a user names: NULL for the Fashion-MNIST subset shipped
 * with backprop (in bp_datadir ()), "fashion-mnist" for Debian's
 * (BP_FASHION_MNIST_DIR), "toy" for the toy net built into the library,
 * anything else a directory for bp_data_load. */
int bp_data_open (const char *name, bp_data **out, bp_error *err);

/* As bp_data_open, reading only what is asked for: the first ntrain
 * samples of the training set (all of them with BP_DATA_ALL, none with 0;
 * all when it has fewer) and, if test is nonzero, the test set.  The part
 * not asked for is NULL in the result.  IDX files are decompressed no
 * further than those samples (see bp_idx_read_head), CIFAR-10 batches
 * read no further: a gradient check of 10 Fashion-MNIST samples reads a
 * few kilobytes of its 30 MB, and an evaluation reads no training
 * samples. */
#define BP_DATA_ALL ((size_t) -1)
int bp_data_open_some (const char *name, size_t ntrain, int test,
                       bp_data **out, bp_error *err);

/* A problem's batch (the toy net's) as training and test set (as floats,
 * C from the net); no validation set. */
int bp_data_from_problem (const bp_problem *p, bp_data **out, bp_error *err);
void bp_data_free (bp_data *data);

/* Move the last n training samples into the validation set (replacing
 * it; n = 0 leaves none).  n must leave at least one training sample. */
int bp_data_split (bp_data *data, size_t n, bp_error *err);

/* The directory of the data shipped with backprop: the environment
 * variable BACKPROP_DATADIR when it is set and not empty (the tests set
 * it to the source tree's data/, as a user may before make install),
 * else the installed data directory (PKGDATADIR, e.g.
 * /usr/local/share/backprop). */
const char *bp_datadir (void);
/* bp_datadir ()/name in a static buffer, or NULL when it cannot be read. */
const char *bp_datafile (const char *name);

/* Images to label, for prediction: an IDX image file (labels 0), a
 * CIFAR-10 batch file (its labels kept), or a data set directory, whose
 * test set alone is read. */
int bp_dataset_load_images (const char *path, bp_dataset **out,
                            bp_error *err);

/* The preprocessing x' = scale * x - mean. */
typedef struct bp_preproc {
  size_t D;
  double scale;
  double mean[];                /* (D) */
} bp_preproc;

/* Scale 1 and mean 0; NULL (GSL_EINVAL) for D = 0. */
bp_preproc *bp_preproc_alloc (size_t D);
void bp_preproc_free (bp_preproc *pp);
/* Scale 1/255 for bytes, 1 for floats, and the mean of the scaled
 * training samples. */
int bp_preproc_fit (bp_preproc *pp, const bp_dataset *train);

/* Convert rows of ds into X (n, D), preprocessed: row i of X is sample
 * idx[i], or sample first + i when idx is NULL; n = X->size1.  The labels
 * go to y (n) unless y is NULL.  No allocation. */
int bp_dataset_batch (const bp_dataset *ds, const bp_preproc *pp,
                      const size_t *idx, size_t first, gsl_matrix *X,
                      size_t *y);

#endif /* BP_DATA_H */
