/* backward.c -- pointer version.
 * GSL matrices: data + row stride tda.  I wrote a little colsum helper
 * for the biases.
 */
#include "backprop.h"

#define M(A, r, c) ((A)->data[(r) * (A)->tda + (c)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum_i A[i][j]; column j is A->size1 numbers in a row */
static void colsum(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        const double *col = A->data + j * A->size1;
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += col[i];
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double invN = 1.0 / (double)N;

    if (cache->N != N || g->N != N || X->size2 != D)
        return 1;

    /* dz2 and db2 in one sweep */
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, 0.0);
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double d = M(cache->prob, i, k);
            if (y[i] == k) d -= 1.0;
            d *= invN;
            M(g->dz2, i, k) = d;
            g->db2->data[k * g->db2->stride] += d;
        }

    /* dW2 = p1^T dz2 + 2 reg W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2.0 * reg * M(net->W2, j, k);
            for (i = 0; i < N; i++)
                s += M(cache->p1, i, j) * M(g->dz2, i, k);
            M(g->dW2, j, k) = s;
        }

    /* dp1 = dz2 W2^T, dz1 = dp1 where z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += M(g->dz2, i, k) * M(net->W2, j, k);
            M(g->dp1, i, j) = s;
            M(g->dz1, i, j) = M(cache->z1, i, j) > 0.0 ? s : 0.0;
        }

    /* dW1 = X^T dz1 + 2 reg W1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double s = 2.0 * reg * M(net->W1, i, j);
            for (k = 0; k < N; k++)
                s += M(X, k, i) * M(g->dz1, k, j);
            M(g->dW1, i, j) = s;
        }

    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
