/* label.c -- an independent labeller for the c13 set of student backward
 * passes.  Written from the mathematics of the two-layer net only; it uses
 * GSL and libdl, and the backprop headers for the layout of the structs
 * the student's function receives (no backprop library code).
 *
 *   z1 = X W1 + 1 b1'   p1 = relu(z1)   z2 = p1 W2 + 1 b2'
 *   loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For each shared object given on the command line, and for each of
 * 2 seeds x {5-10-3 batch 7, 6-8-4 batch 9} with reg 0.1, it
 *   - builds a random net (weights and biases nonzero) and batch,
 *   - fills the seven gradients with garbage, calls backward (),
 *   - compares each gradient (a) with centred differences of the loss
 *     (dz2, dp1, dz1: with respect to the intermediate z2, p1, z1), and
 *     (b) with the rule applied to the student's OWN upstream gradient:
 *       dW2 = p1' dz2 + 2 reg W2   db2 = colsum dz2   dp1 = dz2 W2'
 *       dz1 = dp1 * [z1 > 0]       dW1 = X' dz1 + 2 reg W1   db1 = colsum dz1
 *     (dz2, the head, is judged by (a) alone),
 *   - calls backward () a second time over the first call's outputs and
 *     reports the gradients that change.
 * A gradient wrong by (b) is a root ("local:"); wrong by (a) only, it is
 * inherited.  Each file runs in a child process.
 *
 * Build:  cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *            $(pkg-config --libs gsl) -ldl
 * Run:    ./label OUTDIR/s*.so          (-v for per-run errors) */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static const char *names[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
static const double REG = 0.1, H_FD = 1e-5, TOL = 1e-6;
static int verbose;

/* ---------- building the structs the student reads ---------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof *n + P * sizeof (double));
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (n->data, P);
  n->theta = &n->theta_view.vector;
  n->W1_view = gsl_matrix_view_array (n->data, D, H);
  n->b1_view = gsl_vector_view_array (n->data + D * H, H);
  n->W2_view = gsl_matrix_view_array (n->data + D * H + H, H, C);
  n->b2_view = gsl_vector_view_array (n->data + D * H + H + H * C, C);
  n->W1 = &n->W1_view.matrix; n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix; n->b2 = &n->b2_view.vector;
  return n;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof *g);
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_alloc (P);
  double *d = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (d, D, H);
  g->db1_view = gsl_vector_view_array (d + D * H, H);
  g->dW2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix; g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix; g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  free (g);
}

/* The gradient k as a matrix (a bias as one row). */
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

/* ---------- the mathematics ---------- */

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* Z = A B + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *B, const gsl_vector *b,
        gsl_matrix *Z)
{
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, Z);
  for (size_t i = 0; i < Z->size1; i++)
    {
      gsl_vector_view r = gsl_matrix_row (Z, i);
      gsl_vector_add (&r.vector, b);
    }
}

/* mean cross-entropy of scores z2; prob filled when not NULL */
static double
ce (const gsl_matrix *z2, const size_t *y, gsl_matrix *prob)
{
  size_t N = z2->size1, C = z2->size2;
  double L = 0;
  for (size_t i = 0; i < N; i++)
    {
      double m = -INFINITY, s = 0;
      for (size_t j = 0; j < C; j++)
        m = fmax (m, gsl_matrix_get (z2, i, j));
      for (size_t j = 0; j < C; j++)
        s += exp (gsl_matrix_get (z2, i, j) - m);
      double lse = m + log (s);
      L += lse - gsl_matrix_get (z2, i, y[i]);
      if (prob)
        for (size_t j = 0; j < C; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (z2, i, j) - lse));
    }
  return L / N;
}

static double
sumsq (const gsl_matrix *W)
{
  double s = 0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

typedef struct prob_s {
  size_t N, D, H, C;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache cache;
} prob_s;

static void
forward (prob_s *p)
{
  affine (p->X, p->net->W1, p->net->b1, p->cache.z1);
  relu (p->cache.z1, p->cache.p1);
  affine (p->cache.p1, p->net->W2, p->net->b2, p->cache.z2);
  ce (p->cache.z2, p->y, p->cache.prob);
}

static double
loss_params (prob_s *p)
{
  gsl_matrix *z1 = gsl_matrix_alloc (p->N, p->H), *p1 = gsl_matrix_alloc (p->N, p->H);
  gsl_matrix *z2 = gsl_matrix_alloc (p->N, p->C);
  affine (p->X, p->net->W1, p->net->b1, z1);
  relu (z1, p1);
  affine (p1, p->net->W2, p->net->b2, z2);
  double L = ce (z2, p->y, NULL) + REG * (sumsq (p->net->W1) + sumsq (p->net->W2));
  gsl_matrix_free (z1); gsl_matrix_free (p1); gsl_matrix_free (z2);
  return L;
}

static double
loss_from_p1 (prob_s *p, const gsl_matrix *p1)
{
  gsl_matrix *z2 = gsl_matrix_alloc (p->N, p->C);
  affine (p1, p->net->W2, p->net->b2, z2);
  double L = ce (z2, p->y, NULL);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (prob_s *p, const gsl_matrix *z1)
{
  gsl_matrix *p1 = gsl_matrix_alloc (p->N, p->H);
  relu (z1, p1);
  double L = loss_from_p1 (p, p1);
  gsl_matrix_free (p1);
  return L;
}

/* centred differences: which 0 z2, 1 W2, 2 b2, 3 p1, 4 z1, 5 W1, 6 b1 */
static double
loss_at (prob_s *p, int which, gsl_matrix *T)
{
  switch (which)
    {
    case 0: return ce (T, p->y, NULL);
    case 3: return loss_from_p1 (p, T);
    case 4: return loss_from_z1 (p, T);
    default: return loss_params (p);
    }
}

static gsl_matrix *
numeric (prob_s *p, int which)
{
  gsl_matrix_view tv;
  gsl_matrix *T;
  switch (which)
    {
    case 0: T = gsl_matrix_alloc (p->N, p->C); gsl_matrix_memcpy (T, p->cache.z2); break;
    case 3: T = gsl_matrix_alloc (p->N, p->H); gsl_matrix_memcpy (T, p->cache.p1); break;
    case 4: T = gsl_matrix_alloc (p->N, p->H); gsl_matrix_memcpy (T, p->cache.z1); break;
    case 1: tv = gsl_matrix_submatrix (p->net->W2, 0, 0, p->H, p->C); T = NULL; break;
    case 2: tv = gsl_matrix_view_vector (p->net->b2, 1, p->C); T = NULL; break;
    case 5: tv = gsl_matrix_submatrix (p->net->W1, 0, 0, p->D, p->H); T = NULL; break;
    default: tv = gsl_matrix_view_vector (p->net->b1, 1, p->H); T = NULL; break;
    }
  gsl_matrix *M = T ? T : &tv.matrix;
  gsl_matrix *G = gsl_matrix_alloc (M->size1, M->size2);
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      {
        double v = gsl_matrix_get (M, i, j);
        gsl_matrix_set (M, i, j, v + H_FD);
        double lp = loss_at (p, which, M);
        gsl_matrix_set (M, i, j, v - H_FD);
        double lm = loss_at (p, which, M);
        gsl_matrix_set (M, i, j, v);
        gsl_matrix_set (G, i, j, (lp - lm) / (2 * H_FD));
      }
  if (T)
    gsl_matrix_free (T);
  return G;
}

/* the rule of gradient k applied to the student's own upstream gradient */
static gsl_matrix *
local_rule (prob_s *p, bp_grads *g, int k)
{
  gsl_matrix *R;
  switch (k)
    {
    case 1:
      R = gsl_matrix_alloc (p->H, p->C);
      gsl_matrix_memcpy (R, p->net->W2);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p->cache.p1, g->dz2, 2 * REG, R);
      return R;
    case 2: case 6:
      {
        gsl_matrix *U = k == 2 ? g->dz2 : g->dz1;
        R = gsl_matrix_calloc (1, U->size2);
        for (size_t i = 0; i < U->size1; i++)
          for (size_t j = 0; j < U->size2; j++)
            gsl_matrix_set (R, 0, j, gsl_matrix_get (R, 0, j) + gsl_matrix_get (U, i, j));
        return R;
      }
    case 3:
      R = gsl_matrix_alloc (p->N, p->H);
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, p->net->W2, 0.0, R);
      return R;
    case 4:
      R = gsl_matrix_alloc (p->N, p->H);
      for (size_t i = 0; i < p->N; i++)
        for (size_t j = 0; j < p->H; j++)
          gsl_matrix_set (R, i, j, gsl_matrix_get (p->cache.z1, i, j) > 0
                          ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      return R;
    case 5:
      R = gsl_matrix_alloc (p->D, p->H);
      gsl_matrix_memcpy (R, p->net->W1);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p->X, g->dz1, 2 * REG, R);
      return R;
    }
  return NULL;
}

static double
relerr (const gsl_matrix *A, const gsl_matrix *B)
{
  double d = 0, s = 1e-8;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      {
        double a = gsl_matrix_get (A, i, j), b = gsl_matrix_get (B, i, j);
        if (!isfinite (a))
          return INFINITY;
        d = fmax (d, fabs (a - b));
        s = fmax (s, fmax (fabs (a), fabs (b)));
      }
  return d / s;
}

static void
garbage (bp_grads *g, gsl_rng *r)
{
  for (int k = 0; k < 7; k++)
    {
      gsl_matrix_view v = gmat (g, k);
      for (size_t i = 0; i < v.matrix.size1; i++)
        for (size_t j = 0; j < v.matrix.size2; j++)
          gsl_matrix_set (&v.matrix, i, j, 100 * gsl_rng_uniform (r) - 50);
    }
  g->present = 0;
}

/* One run; sets bits of num_bad, loc_bad, rep_bad.  Returns the student's
 * return code. */
static int
run (backward_fn *fn, unsigned long seed, size_t D, size_t H, size_t C,
     size_t N, unsigned *num_bad, unsigned *loc_bad, unsigned *rep_bad)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  prob_s p = { .N = N, .D = D, .H = H, .C = C };
  p.net = net_new (D, H, C);
  for (size_t i = 0; i < p.net->theta->size; i++)
    gsl_vector_set (p.net->theta, i, gsl_ran_gaussian (r, 0.6));
  p.X = gsl_matrix_alloc (N, D);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < D; j++)
      gsl_matrix_set (p.X, i, j, gsl_ran_gaussian (r, 1.0));
  p.y = malloc (N * sizeof *p.y);
  for (size_t i = 0; i < N; i++)
    p.y[i] = gsl_rng_uniform_int (r, C);
  p.y[0] = 0; p.y[N - 1] = C - 1;       /* both ends of the label range */
  p.cache.N = N; p.cache.H = H; p.cache.C = C;
  p.cache.z1 = gsl_matrix_alloc (N, H);
  p.cache.p1 = gsl_matrix_alloc (N, H);
  p.cache.z2 = gsl_matrix_alloc (N, C);
  p.cache.prob = gsl_matrix_alloc (N, C);
  forward (&p);

  bp_grads *g = grads_new (N, D, H, C);
  garbage (g, r);
  int rc = fn (p.net, p.X, p.y, REG, &p.cache, g);

  gsl_matrix *first[7];
  for (int k = 0; k < 7; k++)
    {
      gsl_matrix_view v = gmat (g, k);
      first[k] = gsl_matrix_alloc (v.matrix.size1, v.matrix.size2);
      gsl_matrix_memcpy (first[k], &v.matrix);
      gsl_matrix *num = numeric (&p, k);
      double en = relerr (&v.matrix, num);
      double el = en;
      if (k > 0)
        {
          gsl_matrix *loc = local_rule (&p, g, k);
          el = relerr (&v.matrix, loc);
          gsl_matrix_free (loc);
        }
      if (en > TOL) *num_bad |= 1u << k;
      if (el > TOL) *loc_bad |= 1u << k;
      if (verbose)
        printf ("    seed %lu %zu-%zu-%zu N=%zu %-3s  vs numeric %.2e  vs own upstream %.2e\n",
                seed, D, H, C, N, names[k], en, el);
      gsl_matrix_free (num);
    }

  /* second call over the first call's outputs, as training does */
  int rc2 = fn (p.net, p.X, p.y, REG, &p.cache, g);
  for (int k = 0; k < 7; k++)
    {
      gsl_matrix_view v = gmat (g, k);
      if (relerr (&v.matrix, first[k]) > 1e-12)
        *rep_bad |= 1u << k;
      gsl_matrix_free (first[k]);
    }

  grads_free (g);
  gsl_matrix_free (p.cache.z1); gsl_matrix_free (p.cache.p1);
  gsl_matrix_free (p.cache.z2); gsl_matrix_free (p.cache.prob);
  gsl_matrix_free (p.X); free (p.y); free (p.net);
  gsl_rng_free (r);
  return rc ? rc : rc2;
}

static void
print_set (const char *label, unsigned bits)
{
  printf ("  %s ", label);
  const char *sep = "";
  if (!bits)
    printf ("-");
  for (int k = 0; k < 7; k++)
    if (bits & (1u << k))
      {
        printf ("%s%s", sep, names[k]);
        sep = ",";
      }
}

static int
label_one (const char *so)
{
  char path[4096];
  /* a bare name would be searched on the library path: make it ./NAME */
  snprintf (path, sizeof path, "%s%s", strchr (so, '/') ? "" : "./", so);
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s: cannot load: %s\n", so, dlerror ());
      return 2;
    }
  backward_fn *fn = (backward_fn *) dlsym (h, "backward");
  if (!fn)
    {
      printf ("%s: no symbol backward\n", so);
      return 2;
    }
  static const size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  unsigned num_bad = 0, loc_bad = 0, rep_bad = 0;
  int rc = 0;
  for (unsigned long seed = 1; seed <= 2; seed++)
    for (int c = 0; c < 2; c++)
      rc |= run (fn, 1000 * seed + 17, cfg[c][0], cfg[c][1], cfg[c][2], cfg[c][3],
                 &num_bad, &loc_bad, &rep_bad);
  const char *base = strrchr (so, '/');
  base = base ? base + 1 : so;
  /* roots: wrong against their own rule; inherited: wrong against the
   * loss only */
  unsigned roots = loc_bad, inh = num_bad & ~loc_bad;
  printf ("%-28s %s", base, num_bad | loc_bad ? "WRONG  " : "correct");
  print_set ("local:", roots);
  print_set ("inherited:", inh);
  if (rep_bad)
    print_set ("changes-on-repeat:", rep_bad);
  if (rc)
    printf ("  rc=%d", rc);
  printf ("\n");
  return 0;
}

int
main (int argc, char **argv)
{
  int i = 1;
  if (i < argc && !strcmp (argv[i], "-v"))
    {
      verbose = 1;
      i++;
    }
  if (i >= argc)
    {
      fprintf (stderr, "usage: label [-v] FILE.so...\n");
      return 2;
    }
  for (; i < argc; i++)
    {
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          int r = label_one (argv[i]);
          fflush (stdout);
          _exit (r);
        }
      int st;
      waitpid (pid, &st, 0);
      if (!WIFEXITED (st))
        printf ("%s: crashed (signal %d)\n", argv[i], WTERMSIG (st));
    }
  return 0;
}
