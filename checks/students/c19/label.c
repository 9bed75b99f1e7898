/* label.c -- an independent labeller for the students' backward passes of
 * set c19.  Written from the mathematics only: it uses GSL and libdl, and
 * from backprop only the type definitions of net.h and grads.h (the
 * structs a student's backward() receives); no function of the library.
 *
 *   z1 = X W1 + 1 b1'   p1 = relu(z1)   z2 = p1 W2 + 1 b2'
 *   L  = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For each shared object and each of four problems (seeds 1 and 2, nets
 * 5-10-3 with 7 samples and 6-8-4 with 9 samples, reg 0.1), it fills the
 * gradients with garbage, calls the student's backward() and judges each
 * of the seven gradients twice:
 *   fd     against centred differences of L (for dz2, dp1 and dz1 the
 *          derivative of L with respect to the intermediate z2, p1, z1);
 *   local  against its own rule applied to the student's OWN upstream
 *          gradient (dW2 = p1' dz2_student + 2 reg W2, and so on).
 * A gradient wrong by fd is a root when it is also wrong locally (wrong
 * given its inputs), inherited when it is right given a wrong upstream.
 * Then backward() is called a second time over the first call's outputs
 * (as training does) and any gradient that changes is reported.
 *
 * Each shared object runs in a child process, so a crash is reported and
 * does not stop the others.
 *
 * Build:  cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *            -Wl,--no-as-needed $(pkg-config --libs gsl) -ldl
 * Run:    ./label [-v] [-t labels.tsv] OUTDIR/s*.so
 * With -t, each file's roots are compared with the root column of the
 * table and the exit status is 1 when any differs. */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

enum { NG = 7 };
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define FD_TOL 1e-6             /* relative, gradient vs centred differences */
#define LOC_TOL 1e-8            /* relative, gradient vs rule on its inputs */
#define SAME_TOL 1e-12          /* second call vs first */
#define FD_H 1e-5

static int verbose;

/* ------------------------------------------------------------------ */
/* the objects a backward() receives, built by hand                    */
/* ------------------------------------------------------------------ */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t n = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof (bp_net) + n * sizeof (double));
  if (!net)
    abort ();
  net->D = D; net->H = H; net->C = C;
  double *p = net->data;
  net->theta_view = gsl_vector_view_array (p, n);
  net->W1_view = gsl_matrix_view_array (p, D, H);
  net->b1_view = gsl_vector_view_array (p + D * H, H);
  net->W2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  net->b2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  net->theta = &net->theta_view.vector;
  net->W1 = &net->W1_view.matrix;
  net->b1 = &net->b1_view.vector;
  net->W2 = &net->W2_view.matrix;
  net->b2 = &net->b2_view.vector;
  return net;
}

static bp_cache *
cache_new (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_alloc (N, H);
  c->p1 = gsl_matrix_alloc (N, H);
  c->z2 = gsl_matrix_alloc (N, C);
  c->prob = gsl_matrix_alloc (N, C);
  return c;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  size_t n = D * H + H + H * C + C;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (n);
  double *p = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (p, D, H);
  g->db1_view = gsl_vector_view_array (p + D * H, H);
  g->dW2_view = gsl_matrix_view_array (p + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (p + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

/* gradient k of g as one flat array (biases are contiguous vectors, the
 * matrices are views with tda == size2, so data is contiguous) */
static double *
gdata (bp_grads *g, int k, size_t *len)
{
  switch (k)
    {
    case 0: *len = g->N * g->C; return g->dz2->data;
    case 1: *len = g->H * g->C; return g->dW2->data;
    case 2: *len = g->C; return g->db2->data;
    case 3: *len = g->N * g->H; return g->dp1->data;
    case 4: *len = g->N * g->H; return g->dz1->data;
    case 5: *len = g->D * g->H; return g->dW1->data;
    default: *len = g->H; return g->db1->data;
    }
}

/* ------------------------------------------------------------------ */
/* forward pass and loss                                               */
/* ------------------------------------------------------------------ */

/* Z = A W + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b, gsl_matrix *Z)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      {
        double s = gsl_vector_get (b, j);
        for (size_t k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (W, k, j);
        gsl_matrix_set (Z, i, j, s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

static double
reg_loss (const bp_net *net, double reg)
{
  double s = 0.0;
  for (size_t i = 0; i < net->W1->size1 * net->W1->size2; i++)
    s += net->W1->data[i] * net->W1->data[i];
  for (size_t i = 0; i < net->W2->size1 * net->W2->size2; i++)
    s += net->W2->data[i] * net->W2->data[i];
  return reg * s;
}

/* mean cross-entropy of scores Z against y; prob filled unless NULL */
static double
data_loss (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  size_t N = Z->size1, C = Z->size2;
  double L = 0.0;
  for (size_t i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (Z, i, 0);
      for (size_t k = 1; k < C; k++)
        mx = fmax (mx, gsl_matrix_get (Z, i, k));
      double se = 0.0;
      for (size_t k = 0; k < C; k++)
        se += exp (gsl_matrix_get (Z, i, k) - mx);
      double lse = mx + log (se);
      L += lse - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (size_t k = 0; k < C; k++)
          gsl_matrix_set (prob, i, k, exp (gsl_matrix_get (Z, i, k) - lse));
    }
  return L / (double) N;
}

typedef struct problem {
  size_t N, D, H, C;
  double reg;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache *cache;              /* what the student reads */
  bp_cache *work;               /* scratch for the differences */
} problem;

static void
forward (const problem *P, bp_cache *c)
{
  affine (P->X, P->net->W1, P->net->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, P->net->W2, P->net->b2, c->z2);
  data_loss (c->z2, P->y, c->prob);
}

/* loss from a given z1, p1 or z2 (stage 1, 2, 3) in work, downstream
 * recomputed; stage 0: from X with the current parameters */
static double
loss_from (const problem *P, int stage)
{
  bp_cache *w = P->work;
  if (stage == 0)
    affine (P->X, P->net->W1, P->net->b1, w->z1);
  if (stage <= 1)
    relu (w->z1, w->p1);
  if (stage <= 2)
    affine (w->p1, P->net->W2, P->net->b2, w->z2);
  return data_loss (w->z2, P->y, NULL) + reg_loss (P->net, P->reg);
}

static problem *
problem_new (unsigned long seed, size_t D, size_t H, size_t C, size_t N)
{
  problem *P = calloc (1, sizeof *P);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 7919 + D * 131 + H * 17 + C);
  P->N = N; P->D = D; P->H = H; P->C = C; P->reg = 0.1;
  P->net = net_new (D, H, C);
  for (size_t i = 0; i < D * H; i++)
    P->net->W1->data[i] = gsl_ran_gaussian (r, 1.0 / sqrt ((double) D));
  for (size_t i = 0; i < H; i++)
    gsl_vector_set (P->net->b1, i, gsl_ran_gaussian (r, 0.3));
  for (size_t i = 0; i < H * C; i++)
    P->net->W2->data[i] = gsl_ran_gaussian (r, 1.0 / sqrt ((double) H));
  for (size_t i = 0; i < C; i++)
    gsl_vector_set (P->net->b2, i, gsl_ran_gaussian (r, 0.3));
  P->X = gsl_matrix_alloc (N, D);
  for (size_t i = 0; i < N * D; i++)
    P->X->data[i] = gsl_ran_gaussian (r, 1.0);
  P->y = malloc (N * sizeof *P->y);
  for (size_t i = 0; i < N; i++)
    P->y[i] = gsl_rng_uniform_int (r, C);
  P->cache = cache_new (N, H, C);
  P->work = cache_new (N, H, C);
  forward (P, P->cache);
  gsl_rng_free (r);
  return P;
}

/* ------------------------------------------------------------------ */
/* the true gradients, by centred differences                          */
/* ------------------------------------------------------------------ */

static void
fd_intermediate (problem *P, int stage, const gsl_matrix *base, gsl_matrix *out)
{
  gsl_matrix *tgt = stage == 1 ? P->work->z1 : stage == 2 ? P->work->p1 : P->work->z2;
  for (size_t i = 0; i < base->size1; i++)
    for (size_t j = 0; j < base->size2; j++)
      {
        gsl_matrix_memcpy (tgt, base);
        double v = gsl_matrix_get (base, i, j);
        gsl_matrix_set (tgt, i, j, v + FD_H);
        double lp = loss_from (P, stage);
        gsl_matrix_memcpy (tgt, base);
        gsl_matrix_set (tgt, i, j, v - FD_H);
        double lm = loss_from (P, stage);
        gsl_matrix_set (out, i, j, (lp - lm) / (2 * FD_H));
      }
}

/* the numerical gradients, in a bp_grads of their own */
static void
fd_all (problem *P, bp_grads *T)
{
  fd_intermediate (P, 3, P->cache->z2, T->dz2);
  fd_intermediate (P, 2, P->cache->p1, T->dp1);
  fd_intermediate (P, 1, P->cache->z1, T->dz1);
  double *th = P->net->theta->data;
  for (size_t k = 0; k < P->net->theta->size; k++)
    {
      double v = th[k];
      th[k] = v + FD_H;
      double lp = loss_from (P, 0);
      th[k] = v - FD_H;
      double lm = loss_from (P, 0);
      th[k] = v;
      T->dtheta->data[k] = (lp - lm) / (2 * FD_H);
    }
}

/* ------------------------------------------------------------------ */
/* the rules, applied to the student's own upstream gradients          */
/* ------------------------------------------------------------------ */

static void
local_all (const problem *P, const bp_grads *S, bp_grads *R)
{
  size_t N = P->N, H = P->H, C = P->C, D = P->D;
  const bp_cache *c = P->cache;
  /* dz2 = (prob - onehot) / N, from the forward pass */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      gsl_matrix_set (R->dz2, i, k,
                      (gsl_matrix_get (c->prob, i, k) - (k == P->y[i] ? 1.0 : 0.0)) / (double) N);
  /* dW2 = p1' dz2 + 2 reg W2, db2 = colsum dz2, dp1 = dz2 W2' */
  for (size_t h = 0; h < H; h++)
    for (size_t k = 0; k < C; k++)
      {
        double s = 2 * P->reg * gsl_matrix_get (P->net->W2, h, k);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (c->p1, i, h) * gsl_matrix_get (S->dz2, i, k);
        gsl_matrix_set (R->dW2, h, k, s);
      }
  for (size_t k = 0; k < C; k++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (S->dz2, i, k);
      gsl_vector_set (R->db2, k, s);
    }
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t k = 0; k < C; k++)
          s += gsl_matrix_get (S->dz2, i, k) * gsl_matrix_get (P->net->W2, h, k);
        gsl_matrix_set (R->dp1, i, h, s);
      }
  /* dz1 = dp1 * [z1 > 0] */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (R->dz1, i, h,
                      gsl_matrix_get (c->z1, i, h) > 0 ? gsl_matrix_get (S->dp1, i, h) : 0.0);
  /* dW1 = X' dz1 + 2 reg W1, db1 = colsum dz1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 2 * P->reg * gsl_matrix_get (P->net->W1, d, h);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (P->X, i, d) * gsl_matrix_get (S->dz1, i, h);
        gsl_matrix_set (R->dW1, d, h, s);
      }
  for (size_t h = 0; h < H; h++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (S->dz1, i, h);
      gsl_vector_set (R->db1, h, s);
    }
}

/* max |a - b| / max(max |a|, max |b|, 1e-8) */
static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0, m = 1e-8;
  for (size_t i = 0; i < n; i++)
    {
      if (!isfinite (a[i]) || !isfinite (b[i]))
        return INFINITY;
      d = fmax (d, fabs (a[i] - b[i]));
      m = fmax (m, fmax (fabs (a[i]), fabs (b[i])));
    }
  return d / m;
}

/* ------------------------------------------------------------------ */
/* one shared object                                                   */
/* ------------------------------------------------------------------ */

enum { ST_OK, ST_ROOT, ST_INH };

static void
garbage (bp_grads *g, gsl_rng *r)
{
  for (int k = 0; k < NG; k++)
    {
      size_t n;
      double *p = gdata (g, k, &n);
      for (size_t i = 0; i < n; i++)
        p[i] = gsl_rng_uniform (r) * 10.0 - 5.0;
    }
  g->present = 0;
}

static void
copy_grads (bp_grads *dst, bp_grads *src)
{
  gsl_matrix_memcpy (dst->dz2, src->dz2);
  gsl_matrix_memcpy (dst->dp1, src->dp1);
  gsl_matrix_memcpy (dst->dz1, src->dz1);
  gsl_vector_memcpy (dst->dtheta, src->dtheta);
}

static void
list (const char *label, const int *flag, int want)
{
  int any = 0;
  for (int k = 0; k < NG; k++)
    if (flag[k] == want)
      {
        printf ("%s%s", any ? "," : label, gname[k]);
        any = 1;
      }
  if (!any)
    printf ("%s-", label);
}

/* judge one .so; prints one summary line (and details with -v); writes
 * its roots, comma-separated, into roots_out */
static int
judge (const char *path, char *roots_out)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s: cannot load: %s\n", path, dlerror ());
      return 2;
    }
  backward_fn *bw = (backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s: no symbol backward\n", path);
      return 2;
    }

  static const size_t shapes[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  int root[NG] = { 0 }, inh[NG] = { 0 }, changed[NG] = { 0 }, localonly[NG] = { 0 };
  int badrc = 0;
  double worst_fd[NG] = { 0 };

  for (unsigned long seed = 1; seed <= 2; seed++)
    for (int s = 0; s < 2; s++)
      {
        size_t D = shapes[s][0], H = shapes[s][1], C = shapes[s][2], N = shapes[s][3];
        problem *P = problem_new (seed, D, H, C, N);
        bp_grads *G = grads_new (N, D, H, C);    /* the student's */
        bp_grads *T = grads_new (N, D, H, C);    /* finite differences */
        bp_grads *R = grads_new (N, D, H, C);    /* rule on student's inputs */
        bp_grads *F = grads_new (N, D, H, C);    /* first call's results */
        gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
        gsl_rng_set (r, 1000 + seed * 10 + s);

        fd_all (P, T);
        garbage (G, r);
        int rc = bw (P->net, P->X, P->y, P->reg, P->cache, G);
        if (rc != 0)
          badrc = 1;
        local_all (P, G, R);

        int st[NG];
        for (int k = 0; k < NG; k++)
          {
            size_t n;
            double *a = gdata (G, k, &n), *t = gdata (T, k, &n), *l = gdata (R, k, &n);
            double efd = relerr (a, t, n), eloc = relerr (a, l, n);
            worst_fd[k] = fmax (worst_fd[k], efd);
            if (efd <= FD_TOL)
              {
                st[k] = ST_OK;
                if (eloc > LOC_TOL)
                  localonly[k] = 1;
              }
            else if (eloc > LOC_TOL)
              st[k] = ST_ROOT, root[k] = 1;
            else
              st[k] = ST_INH, inh[k] = 1;
            if (verbose)
              printf ("  seed %lu %zu-%zu-%zu N=%zu %-4s fd %.2e local %.2e  %s\n",
                      seed, D, H, C, N, gname[k], efd, eloc,
                      st[k] == ST_OK ? "ok" : st[k] == ST_ROOT ? "ROOT" : "inherited");
          }

        /* a second call over the first call's outputs */
        copy_grads (F, G);
        bw (P->net, P->X, P->y, P->reg, P->cache, G);
        for (int k = 0; k < NG; k++)
          {
            size_t n;
            double *a = gdata (G, k, &n), *b = gdata (F, k, &n);
            if (relerr (a, b, n) > SAME_TOL)
              changed[k] = 1;
          }
        gsl_rng_free (r);
        /* the problem and grads are left to the child's exit */
      }

  for (int k = 0; k < NG; k++)
    if (root[k])
      inh[k] = 0;               /* root in some problem: it is a root */

  int nroot = 0, nwrong = 0, nchg = 0;
  roots_out[0] = 0;
  for (int k = 0; k < NG; k++)
    {
      if (root[k])
        {
          if (nroot++)
            strcat (roots_out, ",");
          strcat (roots_out, gname[k]);
        }
      nwrong += root[k] || inh[k];
      nchg += changed[k];
    }
  if (!nroot)
    strcpy (roots_out, "-");

  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  printf ("%-28s %s", base, nwrong ? "WRONG  " : "correct");
  int rflag[NG], iflag[NG], cflag[NG], lflag[NG];
  for (int k = 0; k < NG; k++)
    rflag[k] = root[k], iflag[k] = inh[k], cflag[k] = changed[k], lflag[k] = localonly[k];
  list ("  local: ", rflag, 1);
  list ("  inherited: ", iflag, 1);
  if (nchg)
    list ("  second call changes: ", cflag, 1);
  else
    printf ("  second call: same");
  int nlo = 0;
  for (int k = 0; k < NG; k++)
    nlo += localonly[k] && !root[k] && !inh[k];
  if (nlo)
    list ("  (right by fd, not by the rule on the student's upstream: ", lflag, 1), printf (")");
  if (badrc)
    printf ("  returned nonzero");
  printf ("\n");
  if (verbose)
    {
      printf ("  worst fd error:");
      for (int k = 0; k < NG; k++)
        printf (" %s %.1e", gname[k], worst_fd[k]);
      printf ("\n");
    }
  fflush (stdout);
  return nwrong ? 1 : 0;
}

/* root column of labels.tsv for file name stem, or NULL */
static char *
expected_roots (const char *tsv, const char *stem)
{
  static char roots[256];
  FILE *f = fopen (tsv, "r");
  if (!f)
    return NULL;
  char line[4096];
  char *res = NULL;
  while (fgets (line, sizeof line, f))
    {
      char *file = strtok (line, "\t\n");
      char *correct = strtok (NULL, "\t\n");
      char *root = strtok (NULL, "\t\n");
      if (!file || !correct || !root)
        continue;
      char *dot = strrchr (file, '.');
      if (dot)
        *dot = 0;
      if (strcmp (file, stem) == 0)
        {
          snprintf (roots, sizeof roots, "%s", root);
          res = roots;
          break;
        }
    }
  fclose (f);
  return res;
}

int
main (int argc, char **argv)
{
  const char *tsv = NULL;
  int i = 1, mismatches = 0;
  for (; i < argc && argv[i][0] == '-'; i++)
    if (strcmp (argv[i], "-v") == 0)
      verbose = 1;
    else if (strcmp (argv[i], "-t") == 0 && i + 1 < argc)
      tsv = argv[++i];
    else
      {
        fprintf (stderr, "usage: label [-v] [-t labels.tsv] FILE.so...\n");
        return 2;
      }
  if (i >= argc)
    {
      fprintf (stderr, "usage: label [-v] [-t labels.tsv] FILE.so...\n");
      return 2;
    }

  for (; i < argc; i++)
    {
      int pfd[2];
      if (pipe (pfd) != 0)
        return 2;
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          close (pfd[0]);
          char roots[256];
          judge (argv[i], roots);
          if (write (pfd[1], roots, strlen (roots) + 1) < 0)
            _exit (3);
          _exit (0);
        }
      close (pfd[1]);
      char roots[256] = "";
      ssize_t got = read (pfd[0], roots, sizeof roots - 1);
      close (pfd[0]);
      int status;
      waitpid (pid, &status, 0);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0 || got <= 0)
        {
          printf ("%s: CRASHED (status %d)\n", argv[i], status);
          mismatches++;
          continue;
        }
      if (tsv)
        {
          const char *base = strrchr (argv[i], '/');
          char stem[256];
          snprintf (stem, sizeof stem, "%s", base ? base + 1 : argv[i]);
          char *dot = strrchr (stem, '.');
          if (dot)
            *dot = 0;
          char *want = expected_roots (tsv, stem);
          if (!want)
            {
              printf ("  %s: not in %s\n", stem, tsv);
              mismatches++;
            }
          else if (strcmp (want, roots) != 0)
            {
              printf ("  %s: MISMATCH with %s: table says %s, labeller finds %s\n",
                      stem, tsv, want, roots);
              mismatches++;
            }
        }
    }
  if (tsv)
    printf ("%d mismatch%s with %s\n", mismatches, mismatches == 1 ? "" : "es", tsv);
  return mismatches ? 1 : 0;
}
