/* toy.c -- read the toy net's plain text format (see toy.h). */

#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <unistd.h>

#include "backprop/toy.h"

/* A toy file is small; anything larger than this is not one. */
#define TOY_MAX_VALUES (1u << 24)

enum { MAX_BLOCKS = 16, NAME_MAX_LEN = 16 };

struct block {
  char name[NAME_MAX_LEN];
  size_t rows, cols;
  double *v;                    /* rows*cols, row-major */
};

struct reader {
  FILE *f;
  size_t line;
};

/* Skip white space and comments; return the next character (not consumed). */
static int
skip_space (struct reader *r)
{
  int c;
  for (;;)
    {
      c = getc (r->f);
      if (c == '\n')
        r->line++;
      else if (c == '#')
        {
          while ((c = getc (r->f)) != EOF && c != '\n')
            ;
          if (c == '\n')
            r->line++;
        }
      else if (c == EOF || !isspace (c))
        break;
    }
  if (c != EOF)
    ungetc (c, r->f);
  return c;
}

/* Read one white-space-delimited token of at most len-1 characters. */
static int
read_token (struct reader *r, char *buf, size_t len)
{
  size_t n = 0;
  int c;
  if (skip_space (r) == EOF)
    return 0;
  while ((c = getc (r->f)) != EOF && !isspace (c) && c != '#')
    {
      if (n + 1 >= len)
        return -1;
      buf[n++] = (char) c;
    }
  if (c != EOF)
    ungetc (c, r->f);
  buf[n] = '\0';
  return 1;
}

static int
parse_size (const char *s, size_t *out)
{
  char *end;
  unsigned long long v;
  if (!isdigit ((unsigned char) s[0]))
    return -1;
  errno = 0;
  v = strtoull (s, &end, 10);
  if (errno || *end || v == 0 || v > TOY_MAX_VALUES)
    return -1;
  *out = (size_t) v;
  return 0;
}

static int
read_block (struct reader *r, struct block *b, bp_error *err)
{
  char tok[64];
  int t = read_token (r, b->name, sizeof b->name);

  if (t == 0)
    return 0;
  if (t < 0 || !isalpha ((unsigned char) b->name[0]))
    return bp_error_set (err, "line %zu: expected a block header NAME ROWS "
                         "COLS", r->line);
  if (read_token (r, tok, sizeof tok) != 1 || parse_size (tok, &b->rows)
      || read_token (r, tok, sizeof tok) != 1 || parse_size (tok, &b->cols)
      || b->rows > TOY_MAX_VALUES / b->cols)
    return bp_error_set (err, "line %zu: block %s: ROWS and COLS must be "
                         "positive integers with at most %u values",
                         r->line, b->name, TOY_MAX_VALUES);
  b->v = malloc (b->rows * b->cols * sizeof *b->v);
  if (b->v == NULL)
    return bp_error_set (err, "out of memory");
  for (size_t i = 0; i < b->rows * b->cols; i++)
    {
      char *end;
      t = read_token (r, tok, sizeof tok);
      if (t == 0)
        return bp_error_set (err, "line %zu: block %s ends after %zu of its "
                             "%zu values", r->line, b->name, i,
                             b->rows * b->cols);
      b->v[i] = t > 0 ? strtod (tok, &end) : 0.0;
      if (t > 0 && end == tok && isalpha ((unsigned char) tok[0]))
        return bp_error_set (err, "line %zu: block %s: value %zu is "
                             "'%.20s', not a number: has %s fewer than %zu "
                             "values?", r->line, b->name, i + 1, tok,
                             b->name, b->rows * b->cols);
      if (t < 0 || *end || !isfinite (b->v[i]))
        return bp_error_set (err, "line %zu: block %s: value %zu is not a "
                             "finite number", r->line, b->name, i + 1);
    }
  return 1;
}

static struct block *
find (struct block *blocks, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp (blocks[i].name, name) == 0)
      return &blocks[i];
  return NULL;
}

/* Copy block name into M, checking its shape. */
static int
take_matrix (struct block *blocks, size_t n, const char *name, size_t rows,
             size_t cols, gsl_matrix *M, bp_error *err)
{
  struct block *b = find (blocks, n, name);
  if (b == NULL)
    return bp_error_set (err, "no block %s", name);
  if (b->rows != rows || b->cols != cols)
    return bp_error_set (err, "block %s is %zu x %zu; expected %zu x %zu",
                         name, b->rows, b->cols, rows, cols);
  memcpy (M->data, b->v, rows * cols * sizeof (double));
  return 0;
}

static int
take_vector (struct block *blocks, size_t n, const char *name, size_t len,
             gsl_vector *v, bp_error *err)
{
  gsl_matrix_view m = gsl_matrix_view_vector (v, 1, len);
  return take_matrix (blocks, n, name, 1, len, &m.matrix, err);
}

static int
build (struct block *blocks, size_t nb, bp_toy *toy, bp_error *err)
{
  struct block *X = find (blocks, nb, "X"), *W1 = find (blocks, nb, "W1");
  struct block *W2 = find (blocks, nb, "W2"), *y = find (blocks, nb, "y");
  struct block *b;
  size_t N, D, H, C;

  if (!X || !W1 || !W2 || !y)
    return bp_error_set (err, "a toy file needs the blocks X, y, W1, b1, "
                         "W2 and b2");
  N = X->rows;
  D = X->cols;
  H = W1->cols;
  C = W2->cols;
  if (W1->rows != D)
    return bp_error_set (err, "W1 has %zu rows; X has %zu columns", W1->rows,
                         D);
  if (W2->rows != H)
    return bp_error_set (err, "W2 has %zu rows; W1 has %zu columns", W2->rows,
                         H);
  toy->N = N;
  toy->net = bp_net_alloc (D, H, C);
  toy->X = gsl_matrix_alloc (N, D);
  toy->y = malloc (N * sizeof *toy->y);
  if (!toy->net || !toy->X || !toy->y)
    return bp_error_set (err, "out of memory");
  if (take_matrix (blocks, nb, "X", N, D, toy->X, err)
      || take_matrix (blocks, nb, "W1", D, H, toy->net->W1, err)
      || take_vector (blocks, nb, "b1", H, toy->net->b1, err)
      || take_matrix (blocks, nb, "W2", H, C, toy->net->W2, err)
      || take_vector (blocks, nb, "b2", C, toy->net->b2, err))
    return GSL_EFAILED;
  if (y->rows != 1 || y->cols != N)
    return bp_error_set (err, "block y is %zu x %zu; expected 1 x %zu",
                         y->rows, y->cols, N);
  for (size_t i = 0; i < N; i++)
    {
      double v = y->v[i];
      if (v < 0 || v >= (double) C || v != floor (v))
        return bp_error_set (err, "label y[%zu] = %g is not an integer in "
                             "0..%zu", i, v, C - 1);
      toy->y[i] = (size_t) v;
    }
  if ((b = find (blocks, nb, "reg")) != NULL)
    {
      if (b->rows != 1 || b->cols != 1 || b->v[0] < 0)
        return bp_error_set (err, "block reg must be one number >= 0");
      toy->reg = b->v[0];
    }
  if ((b = find (blocks, nb, "loss")) != NULL)
    {
      if (b->rows != 1 || b->cols != 1)
        return bp_error_set (err, "block loss must be one number");
      toy->loss = b->v[0];
    }
  if (find (blocks, nb, "scores") != NULL)
    {
      toy->scores = gsl_matrix_alloc (N, C);
      if (toy->scores == NULL)
        return bp_error_set (err, "out of memory");
      if (take_matrix (blocks, nb, "scores", N, C, toy->scores, err))
        return GSL_EFAILED;
    }
  return 0;
}

int
bp_toy_load (const char *path, bp_toy **out, bp_error *err)
{
  struct block blocks[MAX_BLOCKS];
  struct reader r = { NULL, 1 };
  size_t nb = 0;
  int status = 0;
  bp_toy *toy;

  *out = NULL;
  r.f = fopen (path, "r");
  if (r.f == NULL)
    return bp_error_set (err, "%s", strerror (errno));
  memset (blocks, 0, sizeof blocks);
  errno = 0;
  for (;;)
    {
      int t;
      if (nb == MAX_BLOCKS)
        {
          status = bp_error_set (err, "more than %d blocks", MAX_BLOCKS);
          break;
        }
      t = read_block (&r, &blocks[nb], err);
      if (t == 0)
        break;
      nb++;
      if (t != 1)
        {
          status = GSL_EFAILED;
          break;
        }
      for (size_t i = 0; i + 1 < nb; i++)
        if (strcmp (blocks[i].name, blocks[nb - 1].name) == 0)
          {
            status = bp_error_set (err, "block %s appears twice",
                                   blocks[i].name);
            break;
          }
      if (status)
        break;
    }
  if (status == 0 && ferror (r.f))
    status = bp_error_set (err, "%s", errno ? strerror (errno)
                           : "read error");
  fclose (r.f);

  toy = calloc (1, sizeof *toy);
  if (status == 0 && toy == NULL)
    status = bp_error_set (err, "out of memory");
  if (status == 0)
    {
      toy->loss = GSL_NAN;
      status = build (blocks, nb, toy, err);
    }
  for (size_t i = 0; i < MAX_BLOCKS; i++)
    free (blocks[i].v);
  if (status)
    {
      bp_toy_free (toy);
      return GSL_EFAILED;
    }
  *out = toy;
  return 0;
}

void
bp_toy_free (bp_toy *toy)
{
  if (toy == NULL)
    return;
  bp_net_free (toy->net);
  if (toy->X)
    gsl_matrix_free (toy->X);
  if (toy->scores)
    gsl_matrix_free (toy->scores);
  free (toy->y);
  free (toy);
}

bp_toy *
bp_toy_random (size_t N, size_t D, size_t H, size_t C, unsigned long seed,
               double reg)
{
  bp_toy *toy = calloc (1, sizeof *toy);
  gsl_rng *rng = gsl_rng_alloc (gsl_rng_mt19937);

  if (toy == NULL || rng == NULL)
    {
      free (toy);
      if (rng)
        gsl_rng_free (rng);
      GSL_ERROR_NULL ("cannot allocate a random problem", GSL_ENOMEM);
    }
  toy->N = N;
  toy->reg = reg;
  toy->loss = GSL_NAN;
  toy->net = bp_net_alloc (D, H, C);
  toy->X = toy->net && N > 0 && N <= SIZE_MAX / sizeof (double) / D
    ? gsl_matrix_alloc (N, D) : NULL;
  toy->y = toy->X ? malloc (N * sizeof *toy->y) : NULL;
  if (toy->y == NULL)
    {
      bp_toy_free (toy);
      gsl_rng_free (rng);
      GSL_ERROR_NULL ("random problem sizes must be positive and fit in "
                      "memory", GSL_EINVAL);
    }
  gsl_rng_set (rng, seed);
  bp_net_init_he (toy->net, rng);
  for (size_t j = 0; j < H; j++)
    gsl_vector_set (toy->net->b1, j, gsl_ran_gaussian (rng, 0.1));
  for (size_t c = 0; c < C; c++)
    gsl_vector_set (toy->net->b2, c, gsl_ran_gaussian (rng, 0.1));
  for (size_t i = 0; i < N; i++)
    {
      for (size_t k = 0; k < D; k++)
        gsl_matrix_set (toy->X, i, k, gsl_ran_gaussian (rng, 1.0));
      toy->y[i] = gsl_rng_uniform_int (rng, C);
    }
  gsl_rng_free (rng);
  return toy;
}

/* The directory of the shipped data: $BACKPROP_DATADIR; the source
 * tree's data/ when the running program lies in this package's build tree
 * (make check, or a program tried before make install); else the
 * installed pkgdatadir. */
static const char *
data_dir (void)
{
  static char exe[4096];
  const char *env = getenv ("BACKPROP_DATADIR");
  size_t nb = strlen (ABS_TOP_BUILDDIR);
  ssize_t n;

  if (env != NULL && *env != '\0')
    return env;
  n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0)
    {
      exe[n] = '\0';
      if (strncmp (exe, ABS_TOP_BUILDDIR, nb) == 0 && exe[nb] == '/')
        return ABS_TOP_SRCDIR "/data";
    }
  return PKGDATADIR;
}

const char *
bp_datafile (const char *name)
{
  static char path[4096];

  snprintf (path, sizeof path, "%s/%s", data_dir (), name);
  return access (path, R_OK) == 0 ? path : NULL;
}
