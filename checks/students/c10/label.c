/* label.c -- an independent labeller for the students' backward passes of
 * set c10.  Written from the mathematics only: GSL and libdl, no code of
 * the backprop library (its headers are used for the struct layouts).
 *
 *   label [-t labels.tsv] [-v] X.so ...
 *
 * For each shared object: on 2 seeds x {5-10-3 batch 7, 6-8-4 batch 9},
 * reg 0.1, it builds a random net (nonzero biases) and batch, runs its own
 * forward pass, fills the seven gradients with garbage, calls the
 * student's `backward`, and judges each gradient
 *   (a) against centred differences of the loss (for dz2, dp1, dz1 the
 *       derivative with respect to the intermediate z2, p1, z1), and
 *   (b) against its own rule applied to the student's OWN upstream
 *       gradients:
 *         dz2 = (prob - onehot(y)) / N     dW2 = p1' dz2 + 2 reg W2
 *         db2 = column sums of dz2          dp1 = dz2 W2'
 *         dz1 = dp1 * [z1 > 0]              dW1 = X' dz1 + 2 reg W1
 *         db1 = column sums of dz1
 * A gradient is ok when (a) holds; wrong and "local" (a root) when (b)
 * fails too; wrong and "inherited" when (b) holds.  The pass is then
 * called a second time over the first call's outputs (as training does),
 * and any change of the results is reported.
 *
 * Output, one line per file:
 *   NAME: local: dz2,dW2 | inherited: ... | second call: same|CHANGED(...)
 * With -t, the roots are compared with column 3 of labels.tsv and the
 * exit status is 1 on any disagreement.
 *
 * Build: cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *          $(pkg-config --libs gsl) -ldl -lm
 */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "backprop/net.h"
#include "backprop/grads.h"

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL 1e-6
#define STEP 1e-5

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static int verbose;

/* ------------------------------------------------------------ structures */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof (bp_net) + P * sizeof (double));
  net->D = D; net->H = H; net->C = C;
  net->theta_view = gsl_vector_view_array (net->data, P);
  net->theta = &net->theta_view.vector;
  net->W1_view = gsl_matrix_view_array (net->data, D, H);
  net->W1 = &net->W1_view.matrix;
  net->b1_view = gsl_vector_view_array (net->data + D * H, H);
  net->b1 = &net->b1_view.vector;
  net->W2_view = gsl_matrix_view_array (net->data + D * H + H, H, C);
  net->W2 = &net->W2_view.matrix;
  net->b2_view = gsl_vector_view_array (net->data + D * H + H + H * C, C);
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

static void
cache_free (bp_cache *c)
{
  gsl_matrix_free (c->z1); gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2); gsl_matrix_free (c->prob);
  free (c);
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof *g);
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_calloc (P);
  double *d = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (d, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_view_array (d + D * H, H);
  g->db1 = &g->db1_view.vector;
  g->dW2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->present = BP_GRADS_ALL;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  free (g);
}

/* Gradient k of g as a matrix (biases as one row). */
static gsl_matrix
gmat (bp_grads *g, int k)
{
  switch (k)
    {
    case 0: return *g->dz2;
    case 1: return *g->dW2;
    case 2: return gsl_matrix_view_vector (g->db2, 1, g->C).matrix;
    case 3: return *g->dp1;
    case 4: return *g->dz1;
    case 5: return *g->dW1;
    default: return gsl_matrix_view_vector (g->db1, 1, g->H).matrix;
    }
}

/* ----------------------------------------------------------- the maths */

/* Z = A B + 1 b' ; A (n,k), B (k,m), b (m) or NULL */
static void
affine (const gsl_matrix *A, const gsl_matrix *B, const gsl_vector *b, gsl_matrix *Z)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < B->size2; j++)
      {
        double s = b ? gsl_vector_get (b, j) : 0.0;
        for (size_t t = 0; t < A->size2; t++)
          s += gsl_matrix_get (A, i, t) * gsl_matrix_get (B, t, j);
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

/* mean cross-entropy of scores Z against y; prob filled if not NULL */
static double
xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  double L = 0.0;
  for (size_t i = 0; i < Z->size1; i++)
    {
      double m = gsl_matrix_get (Z, i, 0), s = 0.0;
      for (size_t j = 1; j < Z->size2; j++)
        m = fmax (m, gsl_matrix_get (Z, i, j));
      for (size_t j = 0; j < Z->size2; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      L += m + log (s) - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (size_t j = 0; j < Z->size2; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - m) / s);
    }
  return L / Z->size1;
}

static double
sumsq (const gsl_matrix *W)
{
  double s = 0.0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

static void
forward (const bp_net *net, const gsl_matrix *X, bp_cache *c)
{
  affine (X, net->W1, net->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, net->W2, net->b2, c->z2);
}

static double
loss (const bp_net *net, const gsl_matrix *X, const size_t *y, double reg, bp_cache *c)
{
  forward (net, X, c);
  return xent (c->z2, y, c->prob) + reg * (sumsq (net->W1) + sumsq (net->W2));
}

/* the loss as a function of an intermediate (reg term left out: constant) */
static double
loss_from (int which, const bp_net *net, const size_t *y, bp_cache *c)
{
  /* which: 0 z2 as it is, 3 from p1, 4 from z1 */
  if (which == 4)
    relu (c->z1, c->p1);
  if (which >= 3)
    affine (c->p1, net->W2, net->b2, c->z2);
  return xent (c->z2, y, NULL);
}

/* ------------------------------------------------------------ checking */

static double
relerr (const gsl_matrix *a, const gsl_matrix *b)
{
  double d = 0.0, s = 1e-8;
  for (size_t i = 0; i < a->size1; i++)
    for (size_t j = 0; j < a->size2; j++)
      {
        double x = gsl_matrix_get (a, i, j), z = gsl_matrix_get (b, i, j);
        if (!isfinite (x) || !isfinite (z))
          return INFINITY;
        d = fmax (d, fabs (x - z));
        s = fmax (s, fmax (fabs (x), fabs (z)));
      }
  return d / s;
}

/* true gradients by centred differences, into T[k] */
static void
numeric (bp_net *net, const gsl_matrix *X, const size_t *y, double reg,
         bp_cache *c, gsl_matrix **T)
{
  /* parameters */
  struct { int k; double *base; } par[4] = {
    { 5, net->W1->data }, { 6, net->b1->data }, { 1, net->W2->data }, { 2, net->b2->data }
  };
  for (int q = 0; q < 4; q++)
    {
      gsl_matrix *M = T[par[q].k];
      for (size_t i = 0; i < M->size1; i++)
        for (size_t j = 0; j < M->size2; j++)
          {
            double *p = par[q].base + i * M->size2 + j, keep = *p;
            *p = keep + STEP;
            double lp = loss (net, X, y, reg, c);
            *p = keep - STEP;
            double lm = loss (net, X, y, reg, c);
            *p = keep;
            gsl_matrix_set (M, i, j, (lp - lm) / (2 * STEP));
          }
    }
  /* intermediates */
  int ks[3] = { 0, 3, 4 };
  for (int q = 0; q < 3; q++)
    {
      int k = ks[q];
      gsl_matrix *M = T[k];
      for (size_t i = 0; i < M->size1; i++)
        for (size_t j = 0; j < M->size2; j++)
          {
            forward (net, X, c);
            gsl_matrix *V = k == 0 ? c->z2 : k == 3 ? c->p1 : c->z1;
            double keep = gsl_matrix_get (V, i, j);
            gsl_matrix_set (V, i, j, keep + STEP);
            double lp = loss_from (k, net, y, c);
            gsl_matrix_set (V, i, j, keep - STEP);
            double lm = loss_from (k, net, y, c);
            gsl_matrix_set (V, i, j, keep);
            gsl_matrix_set (M, i, j, (lp - lm) / (2 * STEP));
          }
    }
  loss (net, X, y, reg, c);     /* leave the cache as the forward pass made it */
}

/* each gradient by its rule, from the student's own upstream, into R[k] */
static void
local (const bp_net *net, const gsl_matrix *X, const size_t *y, double reg,
       const bp_cache *c, bp_grads *g, gsl_matrix **R)
{
  size_t N = X->size1;
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->C; j++)
      gsl_matrix_set (R[0], i, j, (gsl_matrix_get (c->prob, i, j) - (j == y[i])) / N);
  gsl_matrix dz2 = gmat (g, 0), dp1 = gmat (g, 3), dz1 = gmat (g, 4);
  for (size_t h = 0; h < net->H; h++)          /* dW2 = p1' dz2 + 2 reg W2 */
    for (size_t k = 0; k < net->C; k++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W2, h, k);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (c->p1, i, h) * gsl_matrix_get (&dz2, i, k);
        gsl_matrix_set (R[1], h, k, s);
      }
  for (size_t k = 0; k < net->C; k++)          /* db2 */
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (&dz2, i, k);
      gsl_matrix_set (R[2], 0, k, s);
    }
  for (size_t i = 0; i < N; i++)               /* dp1 = dz2 W2' */
    for (size_t h = 0; h < net->H; h++)
      {
        double s = 0;
        for (size_t k = 0; k < net->C; k++)
          s += gsl_matrix_get (&dz2, i, k) * gsl_matrix_get (net->W2, h, k);
        gsl_matrix_set (R[3], i, h, s);
      }
  for (size_t i = 0; i < N; i++)               /* dz1 = dp1 [z1 > 0] */
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (R[4], i, h, gsl_matrix_get (c->z1, i, h) > 0
                      ? gsl_matrix_get (&dp1, i, h) : 0.0);
  for (size_t d = 0; d < net->D; d++)          /* dW1 = X' dz1 + 2 reg W1 */
    for (size_t h = 0; h < net->H; h++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W1, d, h);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (&dz1, i, h);
        gsl_matrix_set (R[5], d, h, s);
      }
  for (size_t h = 0; h < net->H; h++)          /* db1 */
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (&dz1, i, h);
      gsl_matrix_set (R[6], 0, h, s);
    }
}

static gsl_matrix **
shapes (size_t N, size_t D, size_t H, size_t C)
{
  gsl_matrix **M = malloc (NG * sizeof *M);
  M[0] = gsl_matrix_alloc (N, C); M[1] = gsl_matrix_alloc (H, C);
  M[2] = gsl_matrix_alloc (1, C); M[3] = gsl_matrix_alloc (N, H);
  M[4] = gsl_matrix_alloc (N, H); M[5] = gsl_matrix_alloc (D, H);
  M[6] = gsl_matrix_alloc (1, H);
  return M;
}

static void
shapes_free (gsl_matrix **M)
{
  for (int k = 0; k < NG; k++)
    gsl_matrix_free (M[k]);
  free (M);
}

/* Result of one file: bit masks over the seven gradients. */
struct verdict { unsigned wrong, root, inherited, oddok, changed; double fd[NG], loc[NG]; };

static int
one_config (backward_fn *fn, unsigned long seed, size_t D, size_t H, size_t C,
            size_t N, struct verdict *v)
{
  double reg = 0.1;
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  bp_net *net = net_new (D, H, C);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  size_t *y = malloc (N * sizeof *y);
  bp_cache *c = cache_new (N, H, C);

  /* a net whose z1 keeps clear of the relu kink */
  for (;;)
    {
      for (size_t i = 0; i < net->theta->size; i++)
        net->data[i] = gsl_ran_gaussian (r, 0.8);
      for (size_t i = 0; i < H; i++)
        gsl_vector_set (net->b1, i, gsl_ran_gaussian (r, 0.3));
      for (size_t i = 0; i < C; i++)
        gsl_vector_set (net->b2, i, gsl_ran_gaussian (r, 0.3));
      for (size_t i = 0; i < N; i++)
        {
          for (size_t j = 0; j < D; j++)
            gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
          y[i] = gsl_rng_uniform_int (r, C);
        }
      forward (net, X, c);
      double mz = INFINITY;
      size_t pos = 0;
      for (size_t i = 0; i < N * H; i++)
        {
          mz = fmin (mz, fabs (c->z1->data[i]));
          pos += c->z1->data[i] > 0;
        }
      if (mz > 1e-3 && pos > 0 && pos < N * H)
        break;
    }
  loss (net, X, y, reg, c);

  gsl_matrix **T = shapes (N, D, H, C), **R = shapes (N, D, H, C);
  gsl_matrix **first = shapes (N, D, H, C);
  numeric (net, X, y, reg, c, T);

  bp_grads *g = grads_new (N, D, H, C);
  for (size_t i = 0; i < g->dtheta->size; i++)
    g->dtheta->data[i] = gsl_ran_flat (r, -500, 500);
  for (size_t i = 0; i < N * C; i++)
    g->dz2->data[i] = gsl_ran_flat (r, -500, 500);
  for (size_t i = 0; i < N * H; i++)
    {
      g->dp1->data[i] = gsl_ran_flat (r, -500, 500);
      g->dz1->data[i] = gsl_ran_flat (r, -500, 500);
    }

  int rc = fn (net, X, y, reg, c, g);
  if (rc != 0)
    {
      printf ("  backward returned %d\n", rc);
      return 1;
    }
  local (net, X, y, reg, c, g, R);
  for (int k = 0; k < NG; k++)
    {
      gsl_matrix m = gmat (g, k);
      double ea = relerr (&m, T[k]), eb = relerr (&m, R[k]);
      v->fd[k] = fmax (v->fd[k], ea);
      v->loc[k] = fmax (v->loc[k], eb);
      if (ea > TOL)
        {
          v->wrong |= 1u << k;
          if (eb > TOL)
            v->root |= 1u << k;
          else
            v->inherited |= 1u << k;
        }
      else if (eb > TOL)
        v->oddok |= 1u << k;
      gsl_matrix_memcpy (first[k], &m);
    }

  /* second call over the first call's outputs */
  rc = fn (net, X, y, reg, c, g);
  for (int k = 0; k < NG; k++)
    {
      gsl_matrix m = gmat (g, k);
      if (rc != 0 || relerr (&m, first[k]) > 1e-12)
        v->changed |= 1u << k;
    }

  grads_free (g);
  shapes_free (T); shapes_free (R); shapes_free (first);
  cache_free (c); free (y); gsl_matrix_free (X); free (net);
  gsl_rng_free (r);
  return 0;
}

static void
list (char *buf, unsigned mask)
{
  buf[0] = 0;
  for (int k = 0; k < NG; k++)
    if (mask & (1u << k))
      {
        if (buf[0])
          strcat (buf, ",");
        strcat (buf, gname[k]);
      }
  if (!buf[0])
    strcpy (buf, "-");
}

/* runs in a child; prints the verdict line, and "ROOTS name list" for -t */
static int
judge (const char *path)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s: cannot load: %s\n", path, dlerror ());
      return 2;
    }
  backward_fn *fn = (backward_fn *) dlsym (h, "backward");
  if (!fn)
    {
      printf ("%s: no symbol backward\n", path);
      return 2;
    }
  struct verdict v;
  memset (&v, 0, sizeof v);
  static const size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  for (unsigned long seed = 1; seed <= 2; seed++)
    for (int q = 0; q < 2; q++)
      if (one_config (fn, seed * 7919 + q, cfg[q][0], cfg[q][1], cfg[q][2], cfg[q][3], &v))
        return 2;
  /* a gradient that is a root anywhere is a root */
  v.inherited &= ~v.root;
  char a[128], b[128], cc[128], d[128];
  list (a, v.root); list (b, v.inherited); list (cc, v.changed); list (d, v.oddok & ~v.wrong);
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  printf ("%s: local: %s | inherited: %s | second call: %s%s%s%s\n", base, a, b,
          v.changed ? "CHANGED " : "same", v.changed ? cc : "",
          (v.oddok & ~v.wrong) ? " | right but not from its own upstream: " : "",
          (v.oddok & ~v.wrong) ? d : "");
  if (verbose)
    for (int k = 0; k < NG; k++)
      printf ("    %-4s vs finite differences %.2e   vs own rule %.2e\n",
              gname[k], v.fd[k], v.loc[k]);
  printf ("ROOTS\t%s\t%s\n", base, a);
  return 0;
}

int
main (int argc, char **argv)
{
  const char *tsv = NULL;
  int i = 1, bad = 0, nfiles = 0, ncorrect = 0;
  while (i < argc && argv[i][0] == '-')
    {
      if (!strcmp (argv[i], "-t") && i + 1 < argc)
        tsv = argv[++i];
      else if (!strcmp (argv[i], "-v"))
        verbose = 1;
      else
        {
          fprintf (stderr, "usage: label [-t labels.tsv] [-v] X.so ...\n");
          return 2;
        }
      i++;
    }
  for (; i < argc; i++)
    {
      int pfd[2];
      if (pipe (pfd))
        return 2;
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          close (pfd[0]);
          dup2 (pfd[1], 1);
          int rc = judge (argv[i]);
          fflush (stdout);
          _exit (rc);
        }
      close (pfd[1]);
      FILE *in = fdopen (pfd[0], "r");
      char line[4096], roots[256] = "?", name[256] = "";
      while (fgets (line, sizeof line, in))
        {
          if (!strncmp (line, "ROOTS\t", 6))
            {
              sscanf (line + 6, "%255[^\t]\t%255s", name, roots);
              continue;
            }
          fputs (line, stdout);
        }
      fclose (in);
      int st;
      waitpid (pid, &st, 0);
      if (!WIFEXITED (st) || WEXITSTATUS (st) != 0)
        {
          printf ("%s: CRASHED or failed (status %d)\n", argv[i], st);
          bad = 1;
          continue;
        }
      nfiles++;
      if (!strcmp (roots, "-"))
        ncorrect++;
      if (tsv)
        {
          /* find the row of name (with .c for .so) */
          char want[256] = "", file[256];
          snprintf (file, sizeof file, "%s", name);
          char *dot = strrchr (file, '.');
          if (dot)
            strcpy (dot, ".c");
          FILE *t = fopen (tsv, "r");
          if (t)
            {
              char row[4096];
              while (fgets (row, sizeof row, t))
                {
                  char f[256], corr[16], r[256];
                  if (sscanf (row, "%255[^\t]\t%15[^\t]\t%255[^\t]", f, corr, r) == 3
                      && !strcmp (f, file))
                    snprintf (want, sizeof want, "%s", r);
                }
              fclose (t);
            }
          if (!strcmp (want, "") && !strcmp (roots, "-"))
            ;
          else if (strcmp (want, roots))
            {
              printf ("  DISAGREES with labels.tsv: label '%s', found '%s'\n", want, roots);
              bad = 1;
            }
        }
    }
  printf ("summary: %d files, %d without a root, %d with roots%s\n", nfiles, ncorrect,
          nfiles - ncorrect, tsv ? (bad ? ", labels DISAGREE" : ", labels agree") : "");
  return bad;
}
