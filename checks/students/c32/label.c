/* label.c -- an independent labeller for the student backward passes of
 * this set.  Written from the mathematics alone: GSL for the matrix types
 * and the random numbers, libdl to load the students' shared objects; no
 * code of the backprop library is linked or called (its headers are
 * included only for the layout of bp_net, bp_cache and bp_grads, which
 * the students' functions read and write).
 *
 * Build:  cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *            -Wl,--no-as-needed $(pkg-config --libs gsl) -ldl
 * Run:    ./label OUTDIR/s*.so
 *
 * For each shared object and each of 4 problems (seeds 1 and 2, times a
 * 5-10-3 net with batch 7 and a 6-8-4 net with batch 9, reg 0.1) it
 *   - fills every gradient with garbage and calls backward;
 *   - (a) compares each gradient with centred differences of the loss
 *     (dz2, dp1, dz1: derivative with respect to z2, p1, z1, the rest of
 *     the forward pass recomputed from there);
 *   - (b) compares each gradient with its rule applied to the student's
 *     OWN upstream gradient:
 *        dz2 = (softmax(z2) - onehot(y)) / N    (no upstream)
 *        dW2 = p1' dz2 + 2 reg W2   db2 = column sums of dz2
 *        dp1 = dz2 W2'              dz1 = dp1 * [z1 > 0]
 *        dW1 = X' dz1 + 2 reg W1    db1 = column sums of dz1
 *   - calls backward a second time over the first call's outputs and
 *     says whether anything changed.
 * A gradient wrong in (b) is a root ("local"); wrong in (a) only, it is
 * inherited.  Each file runs in a child process so a crash is reported
 * rather than fatal. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_errno.h>

#include <backprop/net.h>
#include <backprop/grads.h>

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

enum { DZ2, DW2, DB2, DP1, DZ1, DW1, DB1, NG };
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL_NUM 1e-6    /* against centred differences */
#define TOL_LOC 1e-9    /* against the rule on the student's own upstream */
#define REG 0.1

/* ---------- plain arrays, row-major ---------- */

typedef struct {
  size_t N, D, H, C;
  double *X, *W1, *b1, *W2, *b2;   /* parameters and batch */
  size_t *y;
  double reg;
} problem;

static double *
dalloc (size_t n)
{
  double *p = calloc (n ? n : 1, sizeof (double));
  if (!p) { perror ("calloc"); exit (3); }
  return p;
}

/* z1 from X, W1, b1 */
static void
fwd_z1 (const problem *P, double *z1)
{
  for (size_t i = 0; i < P->N; i++)
    for (size_t j = 0; j < P->H; j++)
      {
        double s = P->b1[j];
        for (size_t d = 0; d < P->D; d++)
          s += P->X[i * P->D + d] * P->W1[d * P->H + j];
        z1[i * P->H + j] = s;
      }
}

static void
fwd_p1 (const problem *P, const double *z1, double *p1)
{
  for (size_t k = 0; k < P->N * P->H; k++)
    p1[k] = z1[k] > 0.0 ? z1[k] : 0.0;
}

static void
fwd_z2 (const problem *P, const double *p1, double *z2)
{
  for (size_t i = 0; i < P->N; i++)
    for (size_t c = 0; c < P->C; c++)
      {
        double s = P->b2[c];
        for (size_t j = 0; j < P->H; j++)
          s += p1[i * P->H + j] * P->W2[j * P->C + c];
        z2[i * P->C + c] = s;
      }
}

static void
fwd_prob (const problem *P, const double *z2, double *prob)
{
  for (size_t i = 0; i < P->N; i++)
    {
      const double *r = z2 + i * P->C;
      double m = r[0], s = 0.0;
      for (size_t c = 1; c < P->C; c++)
        if (r[c] > m) m = r[c];
      for (size_t c = 0; c < P->C; c++)
        s += exp (r[c] - m);
      for (size_t c = 0; c < P->C; c++)
        prob[i * P->C + c] = exp (r[c] - m) / s;
    }
}

/* mean cross-entropy from the scores, by log-sum-exp */
static double
ce_from_z2 (const problem *P, const double *z2)
{
  double L = 0.0;
  for (size_t i = 0; i < P->N; i++)
    {
      const double *r = z2 + i * P->C;
      double m = r[0], s = 0.0;
      for (size_t c = 1; c < P->C; c++)
        if (r[c] > m) m = r[c];
      for (size_t c = 0; c < P->C; c++)
        s += exp (r[c] - m);
      L += m + log (s) - r[P->y[i]];
    }
  return L / (double) P->N;
}

static double
penalty (const problem *P)
{
  double s = 0.0;
  for (size_t k = 0; k < P->D * P->H; k++) s += P->W1[k] * P->W1[k];
  for (size_t k = 0; k < P->H * P->C; k++) s += P->W2[k] * P->W2[k];
  return P->reg * s;
}

static double
ce_from_p1 (const problem *P, const double *p1)
{
  double *z2 = dalloc (P->N * P->C);
  fwd_z2 (P, p1, z2);
  double L = ce_from_z2 (P, z2);
  free (z2);
  return L;
}

static double
ce_from_z1 (const problem *P, const double *z1)
{
  double *p1 = dalloc (P->N * P->H);
  fwd_p1 (P, z1, p1);
  double L = ce_from_p1 (P, p1);
  free (p1);
  return L;
}

static double
loss_full (const problem *P)
{
  double *z1 = dalloc (P->N * P->H);
  fwd_z1 (P, z1);
  double L = ce_from_z1 (P, z1) + penalty (P);
  free (z1);
  return L;
}

/* centred differences of f(P, v) with respect to each entry of v */
static void
numdiff_vec (const problem *P, double *v, size_t n,
             double (*f) (const problem *, const double *), double *out)
{
  const double h = 1e-5;
  for (size_t k = 0; k < n; k++)
    {
      double o = v[k];
      v[k] = o + h; double fp = f (P, v);
      v[k] = o - h; double fm = f (P, v);
      v[k] = o;
      out[k] = (fp - fm) / (2 * h);
    }
}

/* centred differences of the full loss with respect to a parameter array */
static void
numdiff_param (problem *P, double *v, size_t n, double *out)
{
  const double h = 1e-5;
  for (size_t k = 0; k < n; k++)
    {
      double o = v[k];
      v[k] = o + h; double fp = loss_full (P);
      v[k] = o - h; double fm = loss_full (P);
      v[k] = o;
      out[k] = (fp - fm) / (2 * h);
    }
}

/* ---------- the structures the students see ---------- */

static bp_net *
make_net (const problem *P)
{
  size_t D = P->D, H = P->H, C = P->C, n = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof (bp_net) + n * sizeof (double));
  if (!net) { perror ("calloc"); exit (3); }
  net->D = D; net->H = H; net->C = C;
  double *t = net->data;
  memcpy (t, P->W1, D * H * sizeof (double));
  memcpy (t + D * H, P->b1, H * sizeof (double));
  memcpy (t + D * H + H, P->W2, H * C * sizeof (double));
  memcpy (t + D * H + H + H * C, P->b2, C * sizeof (double));
  net->theta_view = gsl_vector_view_array (t, n);
  net->W1_view = gsl_matrix_view_array (t, D, H);
  net->b1_view = gsl_vector_view_array (t + D * H, H);
  net->W2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  net->b2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  net->theta = &net->theta_view.vector;
  net->W1 = &net->W1_view.matrix;
  net->b1 = &net->b1_view.vector;
  net->W2 = &net->W2_view.matrix;
  net->b2 = &net->b2_view.vector;
  return net;
}

static gsl_matrix *
mat_from (const double *a, size_t r, size_t c)
{
  gsl_matrix *m = gsl_matrix_alloc (r, c);
  memcpy (m->data, a, r * c * sizeof (double));
  return m;
}

static bp_grads *
make_grads (const problem *P)
{
  size_t N = P->N, D = P->D, H = P->H, C = P->C, n = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof (bp_grads));
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (n);
  double *t = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (t, D, H);
  g->db1_view = gsl_vector_view_array (t + D * H, H);
  g->dW2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

static void
free_grads (bp_grads *g)
{
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  gsl_vector_free (g->dtheta); free (g);
}

/* gradient k of g as a flat copy */
static size_t
grad_copy (const bp_grads *g, int k, double *out)
{
  const gsl_matrix *m = NULL; const gsl_vector *v = NULL;
  switch (k)
    {
    case DZ2: m = g->dz2; break;  case DW2: m = g->dW2; break;
    case DB2: v = g->db2; break;  case DP1: m = g->dp1; break;
    case DZ1: m = g->dz1; break;  case DW1: m = g->dW1; break;
    default: v = g->db1; break;
    }
  size_t n = 0;
  if (m)
    for (size_t i = 0; i < m->size1; i++)
      for (size_t j = 0; j < m->size2; j++)
        out[n++] = gsl_matrix_get (m, i, j);
  else
    for (size_t i = 0; i < v->size; i++)
      out[n++] = gsl_vector_get (v, i);
  return n;
}

/* relative error: largest difference over the largest magnitude */
static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0.0, s = 0.0;
  for (size_t k = 0; k < n; k++)
    {
      double e = fabs (a[k] - b[k]);
      if (!(e <= d)) d = e;              /* NaN counts as largest */
      if (fabs (a[k]) > s) s = fabs (a[k]);
      if (fabs (b[k]) > s) s = fabs (b[k]);
    }
  if (isnan (d)) return INFINITY;
  return d / (s > 1e-12 ? s : 1e-12);
}

/* the rules, applied to the student's own upstream */
static void
rule_AtB (const double *A, const double *B, size_t N, size_t M, size_t K,
          const double *W, double reg, double *out)
{
  for (size_t m = 0; m < M; m++)
    for (size_t k = 0; k < K; k++)
      {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
          s += A[i * M + m] * B[i * K + k];
        out[m * K + k] = s + 2.0 * reg * W[m * K + k];
      }
}

static void
rule_colsum (const double *A, size_t N, size_t M, double *out)
{
  for (size_t m = 0; m < M; m++)
    {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += A[i * M + m];
      out[m] = s;
    }
}

/* ---------- one problem ---------- */

static void
make_problem (problem *P, size_t D, size_t H, size_t C, size_t N,
              unsigned long seed)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 1000 + D * 100 + H * 10 + C);
  P->N = N; P->D = D; P->H = H; P->C = C; P->reg = REG;
  P->X = dalloc (N * D); P->W1 = dalloc (D * H); P->b1 = dalloc (H);
  P->W2 = dalloc (H * C); P->b2 = dalloc (C);
  P->y = calloc (N, sizeof (size_t));
  double *z1 = dalloc (N * H);
  for (;;)
    {
      for (size_t k = 0; k < N * D; k++) P->X[k] = gsl_ran_gaussian (r, 1.0);
      for (size_t k = 0; k < D * H; k++) P->W1[k] = gsl_ran_gaussian (r, 0.5);
      for (size_t k = 0; k < H; k++) P->b1[k] = gsl_ran_gaussian (r, 0.1);
      for (size_t k = 0; k < H * C; k++) P->W2[k] = gsl_ran_gaussian (r, 0.5);
      for (size_t k = 0; k < C; k++) P->b2[k] = gsl_ran_gaussian (r, 0.1);
      for (size_t i = 0; i < N; i++) P->y[i] = gsl_rng_uniform_int (r, C);
      fwd_z1 (P, z1);
      /* keep the relu's kink away from every z1 (finite differences) and
         make sure both signs occur */
      size_t pos = 0, near = 0;
      for (size_t k = 0; k < N * H; k++)
        {
          if (z1[k] > 0) pos++;
          if (fabs (z1[k]) < 1e-3) near++;
        }
      if (!near && pos > 0 && pos < N * H)
        break;
    }
  free (z1);
  gsl_rng_free (r);
}

static void
free_problem (problem *P)
{
  free (P->X); free (P->W1); free (P->b1); free (P->W2); free (P->b2);
  free (P->y);
}

typedef struct {
  double num[NG], loc[NG];   /* worst relative errors */
  double second;             /* worst change on the second call, per file */
  int second_changed[NG];
} result;

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  gsl_matrix *ms[3] = { g->dz2, g->dp1, g->dz1 };
  for (int k = 0; k < 3; k++)
    for (size_t i = 0; i < ms[k]->size1 * ms[k]->size2; i++)
      ms[k]->data[i] = 40.0 * (gsl_rng_uniform (r) - 0.5);
  for (size_t i = 0; i < g->dtheta->size; i++)
    g->dtheta->data[i] = 40.0 * (gsl_rng_uniform (r) - 0.5);
}

static void
run_problem (backward_fn *fn, const problem *Pc, result *res, gsl_rng *gr)
{
  problem P = *Pc;
  size_t N = P.N, D = P.D, H = P.H, C = P.C;
  bp_net *net = make_net (&P);
  gsl_matrix *X = mat_from (P.X, N, D);

  double *z1 = dalloc (N * H), *p1 = dalloc (N * H), *z2 = dalloc (N * C),
    *prob = dalloc (N * C);
  fwd_z1 (&P, z1); fwd_p1 (&P, z1, p1); fwd_z2 (&P, p1, z2);
  fwd_prob (&P, z2, prob);
  bp_cache cache = { N, H, C, mat_from (z1, N, H), mat_from (p1, N, H),
                     mat_from (z2, N, C), mat_from (prob, N, C) };

  bp_grads *g = make_grads (&P);
  fill_garbage (g, gr);
  int rc = fn (net, X, P.y, P.reg, &cache, g);
  if (rc != 0)
    fprintf (stderr, "  backward returned %d\n", rc);

  size_t big = (D > C ? D : C) * H + N * H + N * C;
  double *s[NG], *num = dalloc (big), *loc = dalloc (big);
  size_t n[NG];
  for (int k = 0; k < NG; k++)
    {
      s[k] = dalloc (big);
      n[k] = grad_copy (g, k, s[k]);
    }

  /* (a) centred differences */
  for (int k = 0; k < NG; k++)
    {
      double *tmp;
      switch (k)
        {
        case DZ2: tmp = dalloc (N * C); memcpy (tmp, z2, N * C * sizeof (double));
          numdiff_vec (&P, tmp, N * C, ce_from_z2, num); free (tmp); break;
        case DP1: tmp = dalloc (N * H); memcpy (tmp, p1, N * H * sizeof (double));
          numdiff_vec (&P, tmp, N * H, ce_from_p1, num); free (tmp); break;
        case DZ1: tmp = dalloc (N * H); memcpy (tmp, z1, N * H * sizeof (double));
          numdiff_vec (&P, tmp, N * H, ce_from_z1, num); free (tmp); break;
        case DW2: numdiff_param (&P, P.W2, H * C, num); break;
        case DB2: numdiff_param (&P, P.b2, C, num); break;
        case DW1: numdiff_param (&P, P.W1, D * H, num); break;
        default:  numdiff_param (&P, P.b1, H, num); break;
        }
      double e = relerr (s[k], num, n[k]);
      if (e > res->num[k]) res->num[k] = e;
    }

  /* (b) the rules on the student's own upstream */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      loc[i * C + c] = (prob[i * C + c] - (c == P.y[i] ? 1.0 : 0.0)) / (double) N;
  double e = relerr (s[DZ2], loc, n[DZ2]);
  if (e > res->loc[DZ2]) res->loc[DZ2] = e;

  rule_AtB (p1, s[DZ2], N, H, C, P.W2, P.reg, loc);
  e = relerr (s[DW2], loc, n[DW2]); if (e > res->loc[DW2]) res->loc[DW2] = e;
  rule_colsum (s[DZ2], N, C, loc);
  e = relerr (s[DB2], loc, n[DB2]); if (e > res->loc[DB2]) res->loc[DB2] = e;
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double t = 0.0;
        for (size_t c = 0; c < C; c++)
          t += s[DZ2][i * C + c] * P.W2[j * C + c];
        loc[i * H + j] = t;
      }
  e = relerr (s[DP1], loc, n[DP1]); if (e > res->loc[DP1]) res->loc[DP1] = e;
  for (size_t k = 0; k < N * H; k++)
    loc[k] = z1[k] > 0.0 ? s[DP1][k] : 0.0;
  e = relerr (s[DZ1], loc, n[DZ1]); if (e > res->loc[DZ1]) res->loc[DZ1] = e;
  rule_AtB (P.X, s[DZ1], N, D, H, P.W1, P.reg, loc);
  e = relerr (s[DW1], loc, n[DW1]); if (e > res->loc[DW1]) res->loc[DW1] = e;
  rule_colsum (s[DZ1], N, H, loc);
  e = relerr (s[DB1], loc, n[DB1]); if (e > res->loc[DB1]) res->loc[DB1] = e;

  /* the second call, over the first call's outputs */
  fn (net, X, P.y, P.reg, &cache, g);
  for (int k = 0; k < NG; k++)
    {
      grad_copy (g, k, num);
      double d = relerr (s[k], num, n[k]);
      if (d > 1e-12)
        res->second_changed[k] = 1;
      if (d > res->second) res->second = d;
    }

  for (int k = 0; k < NG; k++) free (s[k]);
  free (num); free (loc);
  free (z1); free (p1); free (z2); free (prob);
  gsl_matrix_free (cache.z1); gsl_matrix_free (cache.p1);
  gsl_matrix_free (cache.z2); gsl_matrix_free (cache.prob);
  gsl_matrix_free (X);
  free_grads (g);
  free (net);
}

static int
label_one (const char *path)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h) { printf ("%s: cannot load: %s\n", path, dlerror ()); return 2; }
  backward_fn *fn = (backward_fn *) dlsym (h, "backward");
  if (!fn) { printf ("%s: no symbol backward\n", path); return 2; }

  static const size_t shapes[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  result res;
  memset (&res, 0, sizeof res);
  gsl_rng *gr = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (gr, 777);
  for (unsigned long seed = 1; seed <= 2; seed++)
    for (int s = 0; s < 2; s++)
      {
        problem P;
        make_problem (&P, shapes[s][0], shapes[s][1], shapes[s][2],
                      shapes[s][3], seed);
        run_problem (fn, &P, &res, gr);
        free_problem (&P);
      }
  gsl_rng_free (gr);

  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  char roots[128] = "", inh[128] = "", ch[128] = "";
  for (int k = 0; k < NG; k++)
    {
      if (res.loc[k] > TOL_LOC)
        { if (*roots) strcat (roots, ","); strcat (roots, gname[k]); }
      else if (res.num[k] > TOL_NUM)
        { if (*inh) strcat (inh, ","); strcat (inh, gname[k]); }
      if (res.second_changed[k])
        { if (*ch) strcat (ch, ","); strcat (ch, gname[k]); }
    }
  printf ("%-18s %s  local: %-10s inherited: %-26s second call: %s\n",
          base, *roots || *inh ? "WRONG" : "ok   ", *roots ? roots : "-",
          *inh ? inh : "-", *ch ? ch : "same");
  printf ("%-18s   rel.err vs numdiff:", "");
  for (int k = 0; k < NG; k++) printf (" %s %.1e", gname[k], res.num[k]);
  printf ("\n%-18s   rel.err vs own rule:", "");
  for (int k = 0; k < NG; k++) printf (" %s %.1e", gname[k], res.loc[k]);
  printf ("\n");
  fflush (stdout);
  return *roots || *inh ? 1 : 0;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: label FILE.so ...\n");
      return 2;
    }
  gsl_set_error_handler_off ();
  int status = 0;
  for (int a = 1; a < argc; a++)
    {
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          gsl_set_error_handler (NULL);  /* a GSL error in the student's code aborts the child */
          _exit (label_one (argv[a]));
        }
      int ws = 0;
      waitpid (pid, &ws, 0);
      if (WIFSIGNALED (ws))
        {
          printf ("%s: CRASH (signal %d)\n", argv[a], WTERMSIG (ws));
          status |= 2;
        }
      else if (WEXITSTATUS (ws) == 2)
        status |= 2;
      else
        status |= WEXITSTATUS (ws);
    }
  return status;
}
