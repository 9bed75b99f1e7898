/* backward.c -- lab 4, backward pass of the 2-layer net
 *
 * helpers work on plain row-major arrays: (pointer, rows, cols, stride)
 */
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAX_N 64
#define MAX_D 32
#define MAX_H 64
#define MAX_C 16

#define E_SIZE (-1)

static double tmp[MAX_D * MAX_H];   /* weight sums, dW2 then dW1 */
static double sum[MAX_H];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out (r x m, stride r_out) = a' b + k w;  a: n x r, b: n x m */
static void at_b(double *out, size_t ld_out,
                 const double *a, size_t lda, const double *b, size_t ldb,
                 const double *w, size_t ldw, double k,
                 size_t n, size_t r, size_t m)
{
    size_t i, p, q;

    memset(tmp, 0, sizeof(tmp));
    for (i = n; i-- > 0;)
        for (p = r; p-- > 0;)
            for (q = m; q-- > 0;)
                tmp[p * m + q] += a[i * lda + p] * b[i * ldb + q];
    for (p = r; p-- > 0;)
        for (q = m; q-- > 0;)
            out[p * ld_out + q] = tmp[p * m + q] + k * w[p * ldw + q];
}

/* v[q] = sum_i a[i][q] */
static void col_sum(double *v, size_t inc, const double *a, size_t lda,
                    size_t n, size_t m)
{
    size_t i, q;

    memset(sum, 0, sizeof(sum));
    for (i = n; i-- > 0;)
        for (q = m; q-- > 0;)
            sum[q] += a[i * lda + q];
    for (q = m; q-- > 0;)
        v[q * inc] = sum[q];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, d = net->D, h = net->H, c = net->C;
    size_t i, j, k;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    size_t l2 = g->dz2->tda, lp = g->dp1->tda, lz = g->dz1->tda;

    if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
        return E_SIZE;

    /* dz2: softmax minus one-hot */
    for (i = n; i-- > 0;) {
        const double *p = cache->prob->data + i * cache->prob->tda;
        for (k = c; k-- > 0;)
            dz2[i * l2 + k] = p[k] - (k == y[i] ? 1.0 : 0.0);
    }

    at_b(g->dW2->data, g->dW2->tda, cache->p1->data, cache->p1->tda,
         dz2, l2, net->W2->data, net->W2->tda, 2.0 * reg, n, h, c);
    col_sum(g->db2->data, g->db2->stride, dz2, l2, n, c);

    /* dp1 = dz2 W2' */
    for (i = n; i-- > 0;)
        for (j = h; j-- > 0;) {
            const double *w = net->W2->data + j * net->W2->tda;
            double acc = 0.0;
            for (k = c; k-- > 0;)
                acc += dz2[i * l2 + k] * w[k];
            dp1[i * lp + j] = acc;
        }

    /* dz1: relu lets the gradient through where z1 > 0 */
    for (i = n; i-- > 0;)
        for (j = h; j-- > 0;)
            dz1[i * lz + j] = cache->z1->data[i * cache->z1->tda + j] > 0.0
                              ? dp1[i * lp + j] : 0.0;

    at_b(g->dW1->data, g->dW1->tda, X->data, X->tda, dz1, lz,
         net->W1->data, net->W1->tda, 2.0 * reg, n, d, h);
    col_sum(g->db1->data, g->db1->stride, dz1, lz, n, h);

    g->present = BP_GRADS_ALL;
    return 0;
}
