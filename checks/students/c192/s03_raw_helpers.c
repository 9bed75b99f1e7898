/*
 * backward.c  --  assignment 2, backward pass
 *
 * Every array is taken out as a raw pointer plus its row stride (tda),
 * and indexed with a macro.  The two X^T*dZ products and the column
 * sums go through small helpers.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out(m x n) = A(rows x m)^T B(rows x n) + 2 reg W(m x n) */
static void
tn_plus_reg(size_t rows, size_t m, size_t n,
            const double *a, size_t lda, const double *b, size_t ldb,
            const double *w, size_t ldw, double reg,
            double *out, size_t ldo)
{
#define A_(r,c)  a[(r)*lda + (c)]
#define B_(r,c)  b[(r)*ldb + (c)]
#define W_(r,c)  w[(r)*ldw + (c)]
#define O_(r,c)  out[(r)*ldo + (c)]
    size_t r, p, q;
    for (p = 0; p < m; p++)
        for (q = 0; q < n; q++)
            O_(p,q) = 2.0 * reg * W_(p,q);
    for (r = 0; r < rows; r++)
        for (p = 0; p < m; p++)
            for (q = 0; q < n; q++)
                O_(p,q) += A_(r,p) * B_(r,q);
#undef A_
#undef B_
#undef W_
#undef O_
}

/* out[c*inc] = sum_r a(r,c) */
static void
colsum(size_t rows, size_t cols, const double *a, size_t lda,
       double *out, size_t inc)
{
    size_t r, c;
    for (c = 0; c < cols; c++)
    {
        double s = 0.0;
        for (r = 0; r < rows; r++)
            s += a[r*lda + c];
        out[c*inc] = s;
    }
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    double *dz2 = g->dz2->data;   const size_t ldz2 = g->dz2->tda;
    double *dz1 = g->dz1->data;   const size_t ldz1 = g->dz1->tda;
    const double *dp1 = g->dp1->data;  const size_t ldp1 = g->dp1->tda;
    const double *prob = cache->prob->data; const size_t lpr = cache->prob->tda;
    const double *z1 = cache->z1->data;     const size_t lz1 = cache->z1->tda;

#define DZ2(i,k)   dz2[(i)*ldz2 + (k)]
#define DZ1(i,j)   dz1[(i)*ldz1 + (j)]
#define DP1(i,j)   dp1[(i)*ldp1 + (j)]
#define PROB(i,k)  prob[(i)*lpr + (k)]
#define Z1(i,j)    z1[(i)*lz1 + (j)]

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* scores */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            DZ2(i,k) = PROB(i,k) / (double) N;
        DZ2(i, y[i]) -= 1.0 / (double) N;
    }

    /* second layer */
    tn_plus_reg(N, H, C, cache->p1->data, cache->p1->tda, dz2, ldz2,
                net->W2->data, net->W2->tda, reg, g->dW2->data, g->dW2->tda);
    colsum(N, C, dz2, ldz2, g->db2->data, g->db2->stride);

    /* dp1 = dz2 W2^T, this one with blas (it was too slow in python too) */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            DZ1(i,j) = (Z1(i,j) > 0.0) ? DP1(i,j) : 0.0;

    /* first layer */
    tn_plus_reg(N, D, H, X->data, X->tda, dz1, ldz1,
                net->W1->data, net->W1->tda, reg, g->dW1->data, g->dW1->tda);
    colsum(N, H, dz1, ldz1, g->db1->data, g->db1->stride);

#undef DZ2
#undef DZ1
#undef DP1
#undef PROB
#undef Z1

    g->present = BP_GRADS_ALL;
    return 0;
}
