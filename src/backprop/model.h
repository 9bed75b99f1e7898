/* model.h -- trained networks saved to and loaded from a file.
 *
 * The file format (version 1), every integer and double little-endian:
 *
 *   offset  size   field
 *   0       8      magic "\211BPNET\r\n" (a text-mode transfer or a
 *                  non-model file is caught at once)
 *   8       4      version, 1
 *   12      6 x 8  D, H, C, width, height, channels (unsigned; the image
 *                  layout is 0 0 0 when the samples are not images)
 *   60      8      preprocessing scale (double)
 *   68      8 D    preprocessing mean (doubles)
 *   ...     8 P    the parameters theta: W1, b1, W2, b2 as in net.h
 *                  (P = D H + H + H C + C doubles)
 *   ...     4      CRC-32 (zlib's crc32) of every byte before it
 *
 * A model is written to a temporary file in the same directory, synced
 * and renamed over the target, so that a crash leaves either the old file
 * or the new one, never a torn one.  Loading checks the magic, version,
 * dimensions, length, checksum and that every number is finite; any
 * damage is refused with a message. */

#ifndef BP_MODEL_H
#define BP_MODEL_H

#include <stddef.h>
#include "data.h"
#include "dataset.h"
#include "error.h"
#include "net.h"
#include "problem.h"

#define BP_MODEL_MAGIC "\211BPNET\r\n"
#define BP_MODEL_VERSION 1
/* The bytes before the mean. */
#define BP_MODEL_HEADER 68

typedef struct bp_model {
  bp_net *net;
  bp_preproc *pp;               /* pp->D == net->D */
  size_t width, height, channels;       /* as in bp_dataset */
} bp_model;

/* The file size of a model of a D-H-C net, or 0 if it would overflow. */
size_t bp_model_file_size (size_t D, size_t H, size_t C);

/* Write model atomically to path.  0, or GSL_EFAILED with err saying what
 * failed (the target is then untouched and no temporary file is left). */
int bp_model_save (const char *path, const bp_model *model, bp_error *err);

/* Read a model; *out holds a new model that bp_model_free frees (it frees
 * the net and the preprocessing too).  0, or GSL_EFAILED with err saying
 * what is wrong with the file ("checksum mismatch: ..."). */
int bp_model_load (const char *path, bp_model **out, bp_error *err);
void bp_model_free (bp_model *model);

/* Whether the model can read the samples of ds: as many inputs as a
 * sample has values, and at least as many classes.  0, or GSL_EFAILED
 * with err ("the model takes 784 inputs but the data have 4"). */
int bp_model_check_data (const bp_model *model, const bp_dataset *ds,
                         bp_error *err);

/* A batch of n samples drawn at random (gsl_ran_choose, seeded) from the
 * first BP_MODEL_HEAD samples (or n, if more) of the training set of the
 * data set `data' (as bp_data_open names it; NULL: the shipped subset),
 * which alone are read, preprocessed as the model was trained, with the
 * model's net.  Errors name the file: "m.bpm: the model takes 784 inputs
 * but the data set's samples have 4". */
#define BP_MODEL_HEAD 1000
int bp_problem_from_model (const char *model, const char *data, size_t n,
                           unsigned long seed, double reg,
                           bp_problem **out, bp_error *err);

#endif /* BP_MODEL_H */
