/* label.c -- an independent labeller for the students of set c33.
 *
 * Written from the mathematics only (GSL and libdl, no backprop library
 * code; the backprop headers are used for the struct layouts alone).
 *
 *   z1 = X W1 + 1 b1'   p1 = relu(z1)   z2 = p1 W2 + 1 b2'
 *   L  = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For each student's shared object, in a child process of its own (a crash
 * is reported, not suffered), and on four random problems (seeds 1 and 2 x
 * {5-10-3 with N = 7, 6-8-4 with N = 9}, reg 0.1):
 *   - g is filled with garbage, the student's backward is called;
 *   - every gradient is compared (a) with centred differences of L (for
 *     dz2, dp1 and dz1, L as a function of that intermediate), and (b) with
 *     the labeller's own rule applied to the student's OWN upstream
 *     gradients:  dW2 = p1' dz2 + 2 reg W2,  db2 = colsum dz2,
 *     dp1 = dz2 W2',  dz1 = dp1 * [z1 > 0],  dW1 = X' dz1 + 2 reg W1,
 *     db1 = colsum dz1  (dz2 has no upstream: (b) is (a));
 *   - backward is called a second time over the first call's outputs (as
 *     training does) and any change is reported.
 * A gradient wrong by (b) is a root ("local:"); one wrong by (a) only is
 * inherited.
 *
 * Usage: label [-v] [-l labels.tsv] FILE.so ...
 *   -v  print the relative errors per problem
 *   -l  compare the roots found with the root column of labels.tsv and
 *       exit 1 on any disagreement
 *
 * Build: cc -O2 -I SRC $(pkg-config --cflags gsl) -o label label.c \
 *          -Wl,--no-as-needed $(pkg-config --libs gsl) -ldl -lm
 */

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

#include "backprop/grads.h"
#include "backprop/net.h"

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
enum { Z2, W2, B2, P1, Z1, W1, B1 };

#define TOL_NUM 1e-5            /* against centred differences */
#define TOL_LOC 1e-8            /* against the rule on the student's upstream */
#define TOL_TWICE 1e-10         /* second call against the first */

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

typedef struct {
  size_t N, D, H, C;
  double reg;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache *c;
  bp_grads *g;
  gsl_matrix *num[NG];          /* centred differences, biases as 1 x K */
} problem;

static int verbose;

/* ---------- structures laid out as the headers say ---------- */

static bp_net *
net_make (size_t D, size_t H, size_t C)
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

static bp_grads *
grads_make (size_t N, size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof (bp_grads));
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
  g->present = 0;
  return g;
}

/* Gradient k of g as an (r x c) matrix view (biases as one row). */
static gsl_matrix_view
gview (bp_grads *g, int k)
{
  switch (k)
    {
    case Z2: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case W2: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case B2: return gsl_matrix_view_vector (g->db2, 1, g->C);
    case P1: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case Z1: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case W1: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default: return gsl_matrix_view_vector (g->db1, 1, g->H);
    }
}

/* ---------- the forward pass and the loss ---------- */

static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, W, 0.0, Z);
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (Z, i, j, gsl_matrix_get (Z, i, j) + gsl_vector_get (b, j));
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* Mean cross-entropy of the scores Z, by log-sum-exp; prob if not NULL. */
static double
xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  double L = 0.0;
  for (size_t i = 0; i < Z->size1; i++)
    {
      double m = -INFINITY, s = 0.0;
      for (size_t j = 0; j < Z->size2; j++)
        m = fmax (m, gsl_matrix_get (Z, i, j));
      for (size_t j = 0; j < Z->size2; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      double lse = m + log (s);
      L += lse - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (size_t j = 0; j < Z->size2; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - lse));
    }
  return L / (double) Z->size1;
}

static double
penalty (const problem *p)
{
  double s = 0.0;
  for (size_t i = 0; i < p->net->W1->size1; i++)
    for (size_t j = 0; j < p->net->W1->size2; j++)
      s += pow (gsl_matrix_get (p->net->W1, i, j), 2);
  for (size_t i = 0; i < p->net->W2->size1; i++)
    for (size_t j = 0; j < p->net->W2->size2; j++)
      s += pow (gsl_matrix_get (p->net->W2, i, j), 2);
  return p->reg * s;
}

/* The loss from a given stage: 0 = from the parameters (X), 1 = from z1,
 * 2 = from p1, 3 = from z2.  The stage's matrix is given; later ones are
 * recomputed into scratch. */
static double
loss_from (const problem *p, int stage, const gsl_matrix *M)
{
  gsl_matrix *z1 = gsl_matrix_alloc (p->N, p->H);
  gsl_matrix *p1 = gsl_matrix_alloc (p->N, p->H);
  gsl_matrix *z2 = gsl_matrix_alloc (p->N, p->C);
  const gsl_matrix *cz1 = z1, *cp1 = p1, *cz2 = z2;
  if (stage == 0)
    affine (p->X, p->net->W1, p->net->b1, z1);
  if (stage == 1)
    cz1 = M;
  if (stage <= 1)
    relu (cz1, p1);
  if (stage == 2)
    cp1 = M;
  if (stage <= 2)
    affine (cp1, p->net->W2, p->net->b2, z2);
  if (stage == 3)
    cz2 = M;
  double L = xent (cz2, p->y, NULL) + penalty (p);
  gsl_matrix_free (z1);
  gsl_matrix_free (p1);
  gsl_matrix_free (z2);
  return L;
}

/* Centred differences of loss_from (stage, M) with respect to the entries
 * of T (which is M itself, or a parameter view when stage is 0). */
static void
numdiff (const problem *p, int stage, gsl_matrix *M, gsl_matrix *T,
         gsl_matrix *out)
{
  const double h = 1e-5;
  for (size_t i = 0; i < T->size1; i++)
    for (size_t j = 0; j < T->size2; j++)
      {
        double t = gsl_matrix_get (T, i, j);
        gsl_matrix_set (T, i, j, t + h);
        double Lp = loss_from (p, stage, M);
        gsl_matrix_set (T, i, j, t - h);
        double Lm = loss_from (p, stage, M);
        gsl_matrix_set (T, i, j, t);
        gsl_matrix_set (out, i, j, (Lp - Lm) / (2 * h));
      }
}

static problem *
problem_make (unsigned long seed, size_t D, size_t H, size_t C, size_t N)
{
  problem *p = calloc (1, sizeof (problem));
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 1000 + D * 100 + H * 10 + C);
  p->N = N; p->D = D; p->H = H; p->C = C;
  p->reg = 0.1;
  p->net = net_make (D, H, C);
  p->X = gsl_matrix_alloc (N, D);
  p->y = calloc (N, sizeof (size_t));
  p->c = calloc (1, sizeof (bp_cache));
  p->c->N = N; p->c->H = H; p->c->C = C;
  p->c->z1 = gsl_matrix_alloc (N, H);
  p->c->p1 = gsl_matrix_alloc (N, H);
  p->c->z2 = gsl_matrix_alloc (N, C);
  p->c->prob = gsl_matrix_alloc (N, C);
  p->g = grads_make (N, D, H, C);

  /* Draw until no z1 is near the ReLU's kink (and every class shows up
   * where N allows, so that the one-hot matters in every column). */
  for (;;)
    {
      for (size_t i = 0; i < p->net->theta->size; i++)
        gsl_vector_set (p->net->theta, i, gsl_ran_gaussian (r, 0.7));
      for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < D; j++)
          gsl_matrix_set (p->X, i, j, gsl_ran_gaussian (r, 1.0));
      for (size_t i = 0; i < N; i++)
        p->y[i] = i < C ? i : gsl_rng_uniform_int (r, C);
      affine (p->X, p->net->W1, p->net->b1, p->c->z1);
      double m = INFINITY;
      size_t pos = 0;
      for (size_t i = 0; i < N * H; i++)
        {
          double z = p->c->z1->data[i];
          m = fmin (m, fabs (z));
          pos += z > 0;
        }
      if (m > 1e-3 && pos > N * H / 4 && pos < 3 * N * H / 4)
        break;
    }
  relu (p->c->z1, p->c->p1);
  affine (p->c->p1, p->net->W2, p->net->b2, p->c->z2);
  xent (p->c->z2, p->y, p->c->prob);
  gsl_rng_free (r);

  /* The truth, by centred differences. */
  size_t rows[NG] = { N, H, 1, N, N, D, 1 };
  size_t cols[NG] = { C, C, C, H, H, H, H };
  for (int k = 0; k < NG; k++)
    p->num[k] = gsl_matrix_alloc (rows[k], cols[k]);
  gsl_matrix *M;
  M = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (M, p->c->z2);
  numdiff (p, 3, M, M, p->num[Z2]);
  gsl_matrix_free (M);
  M = gsl_matrix_alloc (N, H);
  gsl_matrix_memcpy (M, p->c->p1);
  numdiff (p, 2, M, M, p->num[P1]);
  gsl_matrix_memcpy (M, p->c->z1);
  numdiff (p, 1, M, M, p->num[Z1]);
  gsl_matrix_free (M);
  gsl_matrix_view v;
  numdiff (p, 0, NULL, p->net->W2, p->num[W2]);
  numdiff (p, 0, NULL, p->net->W1, p->num[W1]);
  v = gsl_matrix_view_vector (p->net->b2, 1, C);
  numdiff (p, 0, NULL, &v.matrix, p->num[B2]);
  v = gsl_matrix_view_vector (p->net->b1, 1, H);
  numdiff (p, 0, NULL, &v.matrix, p->num[B1]);
  return p;
}

/* ---------- the labeller's own rules on the student's upstream ---------- */

static void
colsum (const gsl_matrix *A, gsl_matrix *out)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_matrix_set (out, 0, j, s);
    }
}

/* loc[k] = rule k applied to the student's results S (copies). */
static void
local_rules (const problem *p, gsl_matrix *const S[NG], gsl_matrix *loc[NG])
{
  gsl_matrix_memcpy (loc[Z2], p->num[Z2]);
  gsl_matrix_memcpy (loc[W2], p->net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p->c->p1, S[Z2],
                  2.0 * p->reg, loc[W2]);
  colsum (S[Z2], loc[B2]);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, S[Z2], p->net->W2, 0.0,
                  loc[P1]);
  for (size_t i = 0; i < p->N; i++)
    for (size_t j = 0; j < p->H; j++)
      gsl_matrix_set (loc[Z1], i, j,
                      gsl_matrix_get (p->c->z1, i, j) > 0
                      ? gsl_matrix_get (S[P1], i, j) : 0.0);
  gsl_matrix_memcpy (loc[W1], p->net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p->X, S[Z1], 2.0 * p->reg,
                  loc[W1]);
  colsum (S[Z1], loc[B1]);
}

/* max |A - B| / max (max |A|, max |B|); NaN anywhere counts as 1e300. */
static double
relerr (const gsl_matrix *A, const gsl_matrix *B)
{
  double d = 0.0, s = 0.0;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      {
        double a = gsl_matrix_get (A, i, j), b = gsl_matrix_get (B, i, j);
        if (!isfinite (a) || !isfinite (b))
          return 1e300;
        d = fmax (d, fabs (a - b));
        s = fmax (s, fmax (fabs (a), fabs (b)));
      }
  return s > 0 ? d / s : 0.0;
}

/* ---------- one student ---------- */

static void
fill_garbage (bp_grads *g, unsigned seed)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  gsl_matrix *ms[3] = { g->dz2, g->dp1, g->dz1 };
  for (int k = 0; k < 3; k++)
    for (size_t i = 0; i < ms[k]->size1 * ms[k]->size2; i++)
      ms[k]->data[i] = gsl_ran_flat (r, -37.0, 53.0);
  for (size_t i = 0; i < g->dtheta->size; i++)
    g->dtheta->data[i] = gsl_ran_flat (r, -37.0, 53.0);
  g->present = 0;
  gsl_rng_free (r);
}

/* Runs in a child; prints one line; exit status 0 = correct, 1 = wrong,
 * 2 = failed to run. */
static int
label_one (const char *path, problem **P, int np, char *roots_out)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s  cannot load: %s\n", path, dlerror ());
      return 2;
    }
  backward_fn *bw = (backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s  no symbol backward\n", path);
      return 2;
    }
  int root[NG] = { 0 }, wrong[NG] = { 0 }, twice[NG] = { 0 }, odd[NG] = { 0 };
  double worst_num[NG] = { 0 }, worst_loc[NG] = { 0 };
  for (int q = 0; q < np; q++)
    {
      problem *p = P[q];
      fill_garbage (p->g, 4242 + q);
      if (bw (p->net, p->X, p->y, p->reg, p->c, p->g) != 0)
        {
          printf ("%s  backward returned nonzero\n", path);
          return 2;
        }
      gsl_matrix *S[NG], *loc[NG];
      for (int k = 0; k < NG; k++)
        {
          gsl_matrix_view v = gview (p->g, k);
          S[k] = gsl_matrix_alloc (v.matrix.size1, v.matrix.size2);
          gsl_matrix_memcpy (S[k], &v.matrix);
          loc[k] = gsl_matrix_alloc (v.matrix.size1, v.matrix.size2);
        }
      local_rules (p, S, loc);
      for (int k = 0; k < NG; k++)
        {
          double en = relerr (S[k], p->num[k]);
          double el = relerr (S[k], loc[k]);
          worst_num[k] = fmax (worst_num[k], en);
          worst_loc[k] = fmax (worst_loc[k], el);
          wrong[k] |= en > TOL_NUM;
          root[k] |= k == Z2 ? en > TOL_NUM : el > TOL_LOC;
          /* right given the truth but not given its own inputs */
          odd[k] |= en <= TOL_NUM && el > TOL_LOC;
          if (verbose)
            printf ("  problem %d %-3s  vs numeric %.3e  vs own rule %.3e\n",
                    q, gname[k], en, el);
        }
      /* Second call over the first call's outputs. */
      if (bw (p->net, p->X, p->y, p->reg, p->c, p->g) != 0)
        {
          printf ("%s  second call returned nonzero\n", path);
          return 2;
        }
      for (int k = 0; k < NG; k++)
        {
          gsl_matrix_view v = gview (p->g, k);
          twice[k] |= relerr (&v.matrix, S[k]) > TOL_TWICE;
          gsl_matrix_free (S[k]);
          gsl_matrix_free (loc[k]);
        }
    }

  char buf[256] = "", wbuf[256] = "", tbuf[256] = "";
  int any = 0;
  for (int k = 0; k < NG; k++)
    {
      if (root[k])
        {
          strcat (buf, *buf ? "," : "");
          strcat (buf, gname[k]);
        }
      if (wrong[k])
        {
          strcat (wbuf, *wbuf ? "," : "");
          strcat (wbuf, gname[k]);
          any = 1;
        }
      if (twice[k])
        {
          strcat (tbuf, *tbuf ? "," : "");
          strcat (tbuf, gname[k]);
        }
    }
  strcpy (roots_out, buf);
  const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
  if (!any && !*buf)
    printf ("%-24s correct", base);
  else
    printf ("%-24s local: %-10s wrong: %-32s", base, *buf ? buf : "-", wbuf);
  printf ("  second call: %s\n", *tbuf ? tbuf : "same");
  for (int k = 0; k < NG; k++)
    {
      if (root[k] || wrong[k])
        printf ("    %-3s %-9s max rel err vs numeric %.2e, vs own rule %.2e\n",
                gname[k], root[k] ? "root" : "inherited",
                worst_num[k], worst_loc[k]);
      if (odd[k])
        printf ("    %-3s note: right by differences but not by its own "
                "inputs somewhere\n", gname[k]);
    }
  fflush (stdout);
  dlclose (h);
  return any || *buf ? 1 : 0;
}

/* ---------- labels.tsv ---------- */

static const char *
expected_roots (const char *tsv, const char *name, char *out)
{
  FILE *f = fopen (tsv, "r");
  char line[2048];
  if (!f)
    return NULL;
  const char *res = NULL;
  while (fgets (line, sizeof line, f))
    {
      char *fields[5] = { 0 };
      char *s = line;
      line[strcspn (line, "\n")] = 0;
      for (int i = 0; i < 5 && s; i++)
        {
          fields[i] = s;
          s = strchr (s, '\t');
          if (s)
            *s++ = 0;
        }
      if (!fields[0] || strcmp (fields[0], name) != 0)
        continue;
      strcpy (out, fields[2] ? fields[2] : "");
      res = out;
      break;
    }
  fclose (f);
  return res;
}

int
main (int argc, char **argv)
{
  const char *tsv = NULL;
  int a = 1;
  for (; a < argc && argv[a][0] == '-'; a++)
    {
      if (!strcmp (argv[a], "-v"))
        verbose = 1;
      else if (!strcmp (argv[a], "-l") && a + 1 < argc)
        tsv = argv[++a];
      else
        {
          fprintf (stderr, "usage: label [-v] [-l labels.tsv] FILE.so ...\n");
          return 2;
        }
    }
  if (a >= argc)
    {
      fprintf (stderr, "usage: label [-v] [-l labels.tsv] FILE.so ...\n");
      return 2;
    }

  problem *P[4];
  int np = 0;
  for (unsigned long seed = 1; seed <= 2; seed++)
    {
      P[np++] = problem_make (seed, 5, 10, 3, 7);
      P[np++] = problem_make (seed, 6, 8, 4, 9);
    }

  int status = 0, nfiles = 0, nwrong = 0, mism = 0;
  for (; a < argc; a++)
    {
      int fd[2];
      if (pipe (fd) != 0)
        return 2;
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          char roots[256] = "";
          close (fd[0]);
          int rc = label_one (argv[a], P, np, roots);
          if (write (fd[1], roots, strlen (roots) + 1) < 0)
            rc = 2;
          _exit (rc);
        }
      close (fd[1]);
      char roots[256] = "";
      ssize_t n = read (fd[0], roots, sizeof roots - 1);
      roots[n > 0 ? n : 0] = 0;
      close (fd[0]);
      int ws;
      waitpid (pid, &ws, 0);
      nfiles++;
      if (!WIFEXITED (ws))
        {
          printf ("%s  crashed (signal %d)\n", argv[a],
                  WIFSIGNALED (ws) ? WTERMSIG (ws) : 0);
          status = 1;
          continue;
        }
      if (WEXITSTATUS (ws) == 2)
        status = 1;
      if (WEXITSTATUS (ws) == 1)
        nwrong++;
      if (tsv)
        {
          char name[512], exp[256];
          const char *base = strrchr (argv[a], '/') ? strrchr (argv[a], '/') + 1 : argv[a];
          snprintf (name, sizeof name, "%s", base);
          char *dot = strstr (name, ".so");
          if (dot)
            strcpy (dot, ".c");
          if (!expected_roots (tsv, name, exp))
            {
              printf ("    labels: no row for %s\n", name);
              mism++;
            }
          else if (strcmp (exp, roots) != 0)
            {
              printf ("    labels: MISMATCH for %s: labels.tsv says '%s', found '%s'\n",
                      name, exp, roots);
              mism++;
            }
        }
    }
  printf ("%d files, %d wrong, %d correct", nfiles, nwrong, nfiles - nwrong);
  if (tsv)
    printf (", %d disagreeing with %s", mism, tsv);
  printf ("\n");
  return status || mism ? 1 : 0;
}
