/* toy.c -- read the toy net's plain text format into a problem, from a
 * file or from the copy of data/toy.txt built into the library (see
 * problem.h). */

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

#include "backprop/problem.h"

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

/* The labels: one row of N integers in 0..C-1. */
static int
take_labels (const struct block *y, size_t N, size_t C, size_t *out,
             bp_error *err)
{
  if (y->rows != 1 || y->cols != N)
    return bp_error_set (err, "block y is %zu x %zu; expected 1 x %zu",
                         y->rows, y->cols, N);
  for (size_t i = 0; i < N; i++)
    {
      double v = y->v[i];
      if (v < 0 || v >= (double) C || v != floor (v))
        return bp_error_set (err, "label y[%zu] = %g is not an integer in "
                             "0..%zu", i, v, C - 1);
      out[i] = (size_t) v;
    }
  return 0;
}

/* The optional blocks: reg, and the reference loss and scores. */
static int
take_extras (struct block *blocks, size_t nb, bp_problem *p, bp_error *err)
{
  struct block *b;

  if ((b = find (blocks, nb, "reg")) != NULL)
    {
      if (b->rows != 1 || b->cols != 1 || b->v[0] < 0)
        return bp_error_set (err, "block reg must be one number >= 0");
      p->reg = b->v[0];
    }
  if ((b = find (blocks, nb, "loss")) != NULL)
    {
      if (b->rows != 1 || b->cols != 1)
        return bp_error_set (err, "block loss must be one number");
      p->loss = b->v[0];
    }
  if (find (blocks, nb, "scores") == NULL)
    return 0;
  p->scores = gsl_matrix_alloc (p->N, p->net->C);
  if (p->scores == NULL)
    return bp_error_set (err, "out of memory");
  return take_matrix (blocks, nb, "scores", p->N, p->net->C, p->scores, err);
}

/* The problem the blocks describe: its sizes from X, W1 and W2, then
 * every block copied in with its shape checked. */
static int
build (struct block *blocks, size_t nb, bp_problem **out, bp_error *err)
{
  struct block *X = find (blocks, nb, "X"), *W1 = find (blocks, nb, "W1");
  struct block *W2 = find (blocks, nb, "W2"), *y = find (blocks, nb, "y");
  bp_problem *p;
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
  if ((p = bp_problem_alloc (N, D, H, C)) == NULL)
    return bp_error_set (err, "out of memory");
  if (take_matrix (blocks, nb, "X", N, D, p->X, err)
      || take_matrix (blocks, nb, "W1", D, H, p->net->W1, err)
      || take_vector (blocks, nb, "b1", H, p->net->b1, err)
      || take_matrix (blocks, nb, "W2", H, C, p->net->W2, err)
      || take_vector (blocks, nb, "b2", C, p->net->b2, err)
      || take_labels (y, N, C, p->y, err)
      || take_extras (blocks, nb, p, err))
    {
      bp_problem_free (p);
      return GSL_EFAILED;
    }
  *out = p;
  return 0;
}

/* Read the blocks of f into blocks (MAX_BLOCKS); *nb is how many. */
static int
read_blocks (struct reader *r, struct block *blocks, size_t *nb,
             bp_error *err)
{
  for (*nb = 0;; (*nb)++)
    {
      int t;
      if (*nb == MAX_BLOCKS)
        return bp_error_set (err, "more than %d blocks", MAX_BLOCKS);
      t = read_block (r, &blocks[*nb], err);
      if (t == 0)
        return 0;
      if (t != 1)
        {
          (*nb)++;              /* its values are freed with the rest */
          return GSL_EFAILED;
        }
      for (size_t i = 0; i < *nb; i++)
        if (strcmp (blocks[i].name, blocks[*nb].name) == 0)
          {
            (*nb)++;
            return bp_error_set (err, "block %s appears twice",
                                 blocks[i].name);
          }
    }
}

/* A problem from the toy text in f, which is closed. */
static int
load_stream (FILE *f, bp_problem **out, bp_error *err)
{
  struct block blocks[MAX_BLOCKS];
  struct reader r = { f, 1 };
  size_t nb = 0;
  int status;

  *out = NULL;
  memset (blocks, 0, sizeof blocks);
  errno = 0;
  status = read_blocks (&r, blocks, &nb, err);
  if (status == 0 && ferror (f))
    status = bp_error_set (err, "%s", errno ? strerror (errno)
                           : "read error");
  fclose (f);
  if (status == 0)
    status = build (blocks, nb, out, err);
  for (size_t i = 0; i < MAX_BLOCKS; i++)
    free (blocks[i].v);
  return status ? GSL_EFAILED : 0;
}

int
bp_problem_load_toy (const char *path, bp_problem **out, bp_error *err)
{
  FILE *f = fopen (path, "r");

  *out = NULL;
  if (f == NULL)
    return bp_error_set (err, "%s", strerror (errno));
  return load_stream (f, out, err);
}

/* The CS231n toy net: data/toy.txt, made into a C string at build time. */
static const char toy_text[] =
#include "io/toy-text.h"
  ;

int
bp_problem_toy (bp_problem **out, bp_error *err)
{
  FILE *f = fmemopen ((void *) toy_text, sizeof toy_text - 1, "r");

  *out = NULL;
  if (f == NULL)
    return bp_error_set (err, "%s", strerror (errno));
  return load_stream (f, out, err);
}
