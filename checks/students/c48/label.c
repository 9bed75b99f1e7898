/* label.c -- the labeller of this set, written from the mathematics alone.
 *
 *   cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label [-v] OUTDIR/s*.so
 *
 * Adapted from checks/students/c47/label.c (itself from c45's); it labels
 * by the SECOND call of backward in the process, as repeated calls (a
 * gradient check that calls more than once, training) would see it.
 *
 * For every shared object (a student's `backward', see grads.h), on random
 * nets (5-10-3 with a batch of 7, two draws: seeds 1 and 2; and 6-8-4 with
 * a batch of 9, seed 3; reg 0.1), it
 *   - fills the seven gradients with garbage and calls backward, then calls
 *     it again over the first call's outputs; the second call's gradients
 *     are judged (the first call's are judged too and any difference in
 *     the verdict is reported);
 *   - compares each gradient with centred differences of the loss
 *       L = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *     taken with respect to the parameters and, for dz2, dp1 and dz1, with
 *     respect to the intermediate z2, p1 and z1 (everything downstream of
 *     the perturbed tensor recomputed) -- "numeric";
 *   - compares each gradient with its own rule applied to the student's
 *     OWN upstream gradient (of the same call) -- "local":
 *       dz2 = (softmax(z2) - onehot(y)) / N
 *       dW2 = p1' dz2 + 2 reg W2     db2 = colsum dz2     dp1 = dz2 W2'
 *       dz1 = dp1 .* [z1 > 0]        dW1 = X' dz1 + 2 reg W1
 *       db1 = colsum dz1
 *     A gradient wrong locally is a root; one wrong numerically but right
 *     given its (wrong) upstream is inherited.  The local tolerance is
 *     1e-6 relative (not c45's 1e-8): some students sum in float, which is
 *     not a mistake; -v prints the errors so the margin can be seen.
 * Each file runs in a child process, so a crash is reported, not fatal.
 * Only GSL, libdl and the struct layouts of net.h / grads.h are used. */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
static const double TOL_NUM = 1e-5, TOL_LOC = 1e-6, EPS = 1e-5;
static int verbose;

/* ---------- the net, the cache and the gradients, built by hand ---------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof (bp_net) + P * sizeof (double));
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (n->data, P);
  n->theta = &n->theta_view.vector;
  n->W1_view = gsl_matrix_view_array (n->data, D, H);
  n->W1 = &n->W1_view.matrix;
  n->b1_view = gsl_vector_view_array (n->data + D * H, H);
  n->b1 = &n->b1_view.vector;
  n->W2_view = gsl_matrix_view_array (n->data + D * H + H, H, C);
  n->W2 = &n->W2_view.matrix;
  n->b2_view = gsl_vector_view_array (n->data + D * H + H + H * C, C);
  n->b2 = &n->b2_view.vector;
  return n;
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
  size_t P = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof *g);
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (P);
  g->dW1_view = gsl_matrix_view_array (g->dtheta->data, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_view_array (g->dtheta->data + D * H, H);
  g->db1 = &g->db1_view.vector;
  g->dW2_view = gsl_matrix_view_array (g->dtheta->data + D * H + H, H, C);
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_view_array (g->dtheta->data + D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  g->present = 0;
  return g;
}

/* gradient k as a matrix (biases as one row), aliasing g */
static gsl_matrix_view
gmat (bp_grads *g, int k)
{
  switch (k)
    {
    case 0: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case 1: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case 2: return gsl_matrix_view_vector (g->db2, 1, g->C);
    case 3: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case 4: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case 5: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default: return gsl_matrix_view_vector (g->db1, 1, g->H);
    }
}

/* ---------- forward pass and the loss ---------- */

/* Z = A W + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  size_t i;
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, W, 0.0, Z);
  for (i = 0; i < Z->size1; i++)
    {
      gsl_vector_view r = gsl_matrix_row (Z, i);
      gsl_vector_add (&r.vector, b);
    }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, GSL_MAX (0.0, gsl_matrix_get (Z, i, j)));
}

static void
softmax (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, k;
  for (i = 0; i < Z->size1; i++)
    {
      double m = -INFINITY, s = 0.0;
      for (k = 0; k < Z->size2; k++)
        m = GSL_MAX (m, gsl_matrix_get (Z, i, k));
      for (k = 0; k < Z->size2; k++)
        s += exp (gsl_matrix_get (Z, i, k) - m);
      for (k = 0; k < Z->size2; k++)
        gsl_matrix_set (P, i, k, exp (gsl_matrix_get (Z, i, k) - m) / s);
    }
}

typedef struct
{
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  double reg;
  gsl_matrix *z1, *p1, *z2;     /* workspace */
} problem;

static double
sumsq (const gsl_matrix *A)
{
  size_t i, j;
  double s = 0.0;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      s += gsl_matrix_get (A, i, j) * gsl_matrix_get (A, i, j);
  return s;
}

/* loss given the scores */
static double
loss_z2 (problem *p, const gsl_matrix *Z2)
{
  size_t i, k, N = Z2->size1;
  double L = 0.0;
  for (i = 0; i < N; i++)
    {
      double m = -INFINITY, s = 0.0;
      for (k = 0; k < Z2->size2; k++)
        m = GSL_MAX (m, gsl_matrix_get (Z2, i, k));
      for (k = 0; k < Z2->size2; k++)
        s += exp (gsl_matrix_get (Z2, i, k) - m);
      L += m + log (s) - gsl_matrix_get (Z2, i, p->y[i]);
    }
  return L / (double) N
    + p->reg * (sumsq (p->net->W1) + sumsq (p->net->W2));
}

static double
loss_p1 (problem *p, const gsl_matrix *P1)
{
  affine (P1, p->net->W2, p->net->b2, p->z2);
  return loss_z2 (p, p->z2);
}

static double
loss_z1 (problem *p, const gsl_matrix *Z1)
{
  relu (Z1, p->p1);
  return loss_p1 (p, p->p1);
}

static double
loss_theta (problem *p, const gsl_matrix *unused)
{
  (void) unused;
  affine (p->X, p->net->W1, p->net->b1, p->z1);
  return loss_z1 (p, p->z1);
}

typedef double lossfn (problem *, const gsl_matrix *);

/* centred differences of f with respect to every entry of A (perturbed in
 * place and restored) into G */
static void
numgrad (problem *p, lossfn *f, gsl_matrix *A, gsl_matrix *G)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      {
        double a = gsl_matrix_get (A, i, j), fp, fm;
        gsl_matrix_set (A, i, j, a + EPS);
        fp = f (p, A);
        gsl_matrix_set (A, i, j, a - EPS);
        fm = f (p, A);
        gsl_matrix_set (A, i, j, a);
        gsl_matrix_set (G, i, j, (fp - fm) / (2.0 * EPS));
      }
}

/* max |A - B| / max(max |A|, max |B|); NaN or Inf anywhere gives Inf */
static double
relerr (const gsl_matrix *A, const gsl_matrix *B)
{
  size_t i, j;
  double d = 0.0, s = 0.0;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      {
        double a = gsl_matrix_get (A, i, j), b = gsl_matrix_get (B, i, j);
        if (!isfinite (a) || !isfinite (b))
          return INFINITY;
        d = GSL_MAX (d, fabs (a - b));
        s = GSL_MAX (s, GSL_MAX (fabs (a), fabs (b)));
      }
  return s > 1e-14 ? d / s : d;
}

static void
colsum (const gsl_matrix *A, gsl_matrix *s)   /* s (1, M) */
{
  size_t i, j;
  gsl_matrix_set_zero (s);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_matrix_set (s, 0, j, gsl_matrix_get (s, 0, j) + gsl_matrix_get (A, i, j));
}

/* ---------- one file ---------- */

typedef struct { size_t D, H, C, N; unsigned long seed; } config;

static const config configs[] = {
  { 5, 10, 3, 7, 1 }, { 5, 10, 3, 7, 2 }, { 6, 8, 4, 9, 3 },
};
#define NCONF (sizeof configs / sizeof configs[0])

/* the local rules applied to the gradients out[] of one call, into loc_g */
static void
local_rules (problem *p, const bp_cache *cache, gsl_matrix **out,
             gsl_matrix **loc_g)
{
  size_t i, j, N = p->X->size1, H = p->net->H;
  double reg = p->reg;
  gsl_matrix_memcpy (loc_g[0], cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (loc_g[0], i, p->y[i], gsl_matrix_get (loc_g[0], i, p->y[i]) - 1.0);
  gsl_matrix_scale (loc_g[0], 1.0 / (double) N);
  gsl_matrix_memcpy (loc_g[1], p->net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, out[0],
                  2.0 * reg, loc_g[1]);
  colsum (out[0], loc_g[2]);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, out[0], p->net->W2, 0.0,
                  loc_g[3]);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (loc_g[4], i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (out[3], i, j) : 0.0);
  gsl_matrix_memcpy (loc_g[5], p->net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p->X, out[4], 2.0 * reg,
                  loc_g[5]);
  colsum (out[4], loc_g[6]);
}

/* For the SECOND call: num[k], loc[k] set if gradient k was wrong; enum_,
 * eloc the largest errors.  For the first call: num1, loc1.  again[k] set
 * if the second call's gradient k differs from the first's.  Returns 0, or
 * 1 on failure. */
static int
check_one (bp_backward_fn *fn, const config *cf, int *num, int *loc,
           int *num1, int *loc1, int *again, double *enum_, double *eloc)
{
  size_t D = cf->D, H = cf->H, C = cf->C, N = cf->N, i, k;
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  bp_net *net = net_new (D, H, C);
  bp_cache *cache = cache_new (N, H, C);
  bp_grads *g = grads_new (N, D, H, C);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  size_t *y = malloc (N * sizeof *y);
  double reg = 0.1;
  problem p;
  gsl_matrix *num_g[NG], *loc_g[NG], *first[NG], *second[NG];
  int rc = 0;

  gsl_rng_set (r, cf->seed * 7919 + D * 100 + H);
  for (i = 0; i < net->theta->size; i++)
    gsl_vector_set (net->theta, i, 0.5 * gsl_ran_gaussian (r, 1.0));
  for (i = 0; i < H; i++)
    gsl_vector_set (net->b1, i, 0.2 * gsl_ran_gaussian (r, 1.0));
  for (i = 0; i < C; i++)
    gsl_vector_set (net->b2, i, 0.2 * gsl_ran_gaussian (r, 1.0));
  for (i = 0; i < N * D; i++)
    X->data[i] = gsl_ran_gaussian (r, 1.0);
  for (i = 0; i < N; i++)
    y[i] = gsl_rng_uniform_int (r, C);

  affine (X, net->W1, net->b1, cache->z1);
  relu (cache->z1, cache->p1);
  affine (cache->p1, net->W2, net->b2, cache->z2);
  softmax (cache->z2, cache->prob);

  /* garbage in g */
  for (k = 0; k < NG; k++)
    {
      gsl_matrix_view v = gmat (g, k);
      size_t a, b;
      for (a = 0; a < v.matrix.size1; a++)
        for (b = 0; b < v.matrix.size2; b++)
          gsl_matrix_set (&v.matrix, a, b, 100.0 * (gsl_rng_uniform (r) - 0.5));
    }

  p.net = net; p.X = X; p.y = y; p.reg = reg;
  p.z1 = gsl_matrix_alloc (N, H);
  p.p1 = gsl_matrix_alloc (N, H);
  p.z2 = gsl_matrix_alloc (N, C);

  /* call 1 */
  if (fn (net, X, y, reg, cache, g) != 0)
    {
      fprintf (stderr, "backward returned nonzero\n");
      rc = 1;
    }
  for (k = 0; k < NG; k++)
    {
      gsl_matrix_view v = gmat (g, k);
      num_g[k] = gsl_matrix_alloc (v.matrix.size1, v.matrix.size2);
      loc_g[k] = gsl_matrix_alloc (v.matrix.size1, v.matrix.size2);
      first[k] = gsl_matrix_alloc (v.matrix.size1, v.matrix.size2);
      second[k] = gsl_matrix_alloc (v.matrix.size1, v.matrix.size2);
      gsl_matrix_memcpy (first[k], &v.matrix);
    }

  /* call 2, over the first call's outputs */
  if (fn (net, X, y, reg, cache, g) != 0)
    {
      fprintf (stderr, "backward returned nonzero (second call)\n");
      rc = 1;
    }
  for (k = 0; k < NG; k++)
    {
      gsl_matrix_view v = gmat (g, k);
      gsl_matrix_memcpy (second[k], &v.matrix);
      if (!(relerr (second[k], first[k]) <= 1e-12))
        again[k] = 1;
    }

  /* numeric */
  {
    gsl_matrix *t;
    gsl_matrix_view b1 = gsl_matrix_view_vector (net->b1, 1, H);
    gsl_matrix_view b2 = gsl_matrix_view_vector (net->b2, 1, C);
    t = gsl_matrix_alloc (N, C); gsl_matrix_memcpy (t, cache->z2);
    numgrad (&p, loss_z2, t, num_g[0]); gsl_matrix_free (t);
    numgrad (&p, loss_theta, net->W2, num_g[1]);
    numgrad (&p, loss_theta, &b2.matrix, num_g[2]);
    t = gsl_matrix_alloc (N, H); gsl_matrix_memcpy (t, cache->p1);
    numgrad (&p, loss_p1, t, num_g[3]);
    gsl_matrix_memcpy (t, cache->z1);
    numgrad (&p, loss_z1, t, num_g[4]); gsl_matrix_free (t);
    numgrad (&p, loss_theta, net->W1, num_g[5]);
    numgrad (&p, loss_theta, &b1.matrix, num_g[6]);
  }

  /* the first call, for information */
  local_rules (&p, cache, first, loc_g);
  for (k = 0; k < NG; k++)
    {
      if (!(relerr (first[k], num_g[k]) <= TOL_NUM))
        num1[k] = 1;
      if (!(relerr (first[k], loc_g[k]) <= TOL_LOC))
        loc1[k] = 1;
    }

  /* the second call: the label */
  local_rules (&p, cache, second, loc_g);
  for (k = 0; k < NG; k++)
    {
      double en = relerr (second[k], num_g[k]), el = relerr (second[k], loc_g[k]);
      enum_[k] = GSL_MAX (enum_[k], en);
      eloc[k] = GSL_MAX (eloc[k], el);
      if (!(en <= TOL_NUM))
        num[k] = 1;
      if (!(el <= TOL_LOC))
        loc[k] = 1;
    }

  for (k = 0; k < NG; k++)
    {
      gsl_matrix_free (num_g[k]);
      gsl_matrix_free (loc_g[k]);
      gsl_matrix_free (first[k]);
      gsl_matrix_free (second[k]);
    }
  gsl_matrix_free (p.z1); gsl_matrix_free (p.z2); gsl_matrix_free (p.p1);
  gsl_matrix_free (X); free (y);
  gsl_rng_free (r);
  /* net, cache, g deliberately leaked: the child exits right after */
  return rc;
}

static void
list (const char *what, const int *bits)
{
  int k, any = 0;
  printf (" %s ", what);
  for (k = 0; k < NG; k++)
    if (bits[k])
      printf ("%s%s", any++ ? "," : "", gname[k]);
  if (!any)
    printf ("-");
}

static int
label_file (const char *path)
{
  char buf[4096];
  void *h;
  bp_backward_fn *fn;
  int num[NG] = { 0 }, loc[NG] = { 0 }, again[NG] = { 0 }, inh[NG], k, rc = 0;
  int num1[NG] = { 0 }, loc1[NG] = { 0 };
  double en[NG] = { 0 }, el[NG] = { 0 };
  size_t c;
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;

  /* dlopen searches the library path for a name without a slash */
  if (strchr (path, '/') == NULL)
    {
      snprintf (buf, sizeof buf, "./%s", path);
      path = buf;
    }
  h = dlopen (path, RTLD_NOW | RTLD_LOCAL);

  if (h == NULL || (fn = (bp_backward_fn *) dlsym (h, "backward")) == NULL)
    {
      printf ("%s: cannot load: %s\n", base, dlerror ());
      fflush (stdout);
      return 1;
    }
  for (c = 0; c < NCONF; c++)
    {
      int n1[NG] = { 0 }, l1[NG] = { 0 }, a1[NG] = { 0 };
      int m1[NG] = { 0 }, k1[NG] = { 0 };
      double e1[NG] = { 0 }, f1[NG] = { 0 };
      rc |= check_one (fn, &configs[c], n1, l1, m1, k1, a1, e1, f1);
      for (k = 0; k < NG; k++)
        {
          num[k] |= n1[k]; loc[k] |= l1[k]; again[k] |= a1[k];
          num1[k] |= m1[k]; loc1[k] |= k1[k];
          en[k] = GSL_MAX (en[k], e1[k]); el[k] = GSL_MAX (el[k], f1[k]);
        }
      if (verbose)
        {
          printf ("  [%zu-%zu-%zu N=%zu seed %lu]", configs[c].D, configs[c].H,
                  configs[c].C, configs[c].N, configs[c].seed);
          list ("local:", l1);
          list ("numeric-wrong:", n1);
          list ("first-call-local:", k1);
          list ("second-call-changes:", a1);
          printf ("\n");
        }
    }
  for (k = 0; k < NG; k++)
    inh[k] = num[k] && !loc[k];

  printf ("%s:", base);
  {
    int wrong = 0;
    for (k = 0; k < NG; k++)
      wrong |= num[k] | loc[k];
    printf (" %s |", wrong || rc ? "WRONG" : "correct");
  }
  list ("roots:", loc);
  printf (" |");
  list ("inherited:", inh);
  printf (" |");
  list ("second-call-changes:", again);
  for (k = 0; k < NG; k++)
    if (loc[k] && !num[k])
      printf (" | note: %s wrong locally but right numerically", gname[k]);
  for (k = 0; k < NG; k++)
    if (loc1[k] != loc[k] || num1[k] != num[k])
      {
        printf (" | first call differs:");
        list ("local:", loc1);
        list ("numeric-wrong:", num1);
        break;
      }
  if (rc)
    printf (" | backward returned nonzero");
  printf ("\n");
  if (verbose)
    for (k = 0; k < NG; k++)
      printf ("    %-3s numeric %.2e  local %.2e\n", gname[k], en[k], el[k]);
  fflush (stdout);
  return rc;
}

int
main (int argc, char **argv)
{
  int a, status = 0;
  for (a = 1; a < argc; a++)
    {
      pid_t pid;
      int st;
      if (strcmp (argv[a], "-v") == 0)
        {
          verbose = 1;
          continue;
        }
      fflush (stdout);
      pid = fork ();
      if (pid == 0)
        _exit (label_file (argv[a]));
      waitpid (pid, &st, 0);
      if (!WIFEXITED (st))
        {
          const char *b = strrchr (argv[a], '/');
          printf ("%s: CRASHED (signal %d)\n", b ? b + 1 : argv[a],
                  WIFSIGNALED (st) ? WTERMSIG (st) : -1);
          status = 2;
        }
      else if (WEXITSTATUS (st) != 0)
        status = 1;
    }
  return status;
}
