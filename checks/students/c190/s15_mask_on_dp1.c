/* backward.c -- HW2 backward pass.
 * Raw ->data access (row i starts at data + i*tda), helpers allocate
 * their result and the caller frees it. */

#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B */
static gsl_matrix *AtB(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_calloc(A->size2, B->size2);
    size_t n, i, j;
    for (n = 0; n < A->size1; n++) {
        const double *a = ROW(A, n), *b = ROW(B, n);
        for (i = 0; i < A->size2; i++) {
            double *c = ROW(C, i);
            for (j = 0; j < B->size2; j++)
                c[j] += a[i] * b[j];
        }
    }
    return C;
}

/* C = A B^T */
static gsl_matrix *ABt(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *C = gsl_matrix_alloc(A->size1, B->size1);
    size_t i, j, k;
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < B->size1; j++) {
            double s = 0.0;
            for (k = 0; k < A->size2; k++)
                s += ROW(A, i)[k] * ROW(B, j)[k];
            ROW(C, i)[j] = s;
        }
    return C;
}

/* relu backward: zero the gradient where the unit was off */
static gsl_matrix *relu_bw(const gsl_matrix *dout)
{
    gsl_matrix *d = gsl_matrix_alloc(dout->size1, dout->size2);
    size_t i, j;
    for (i = 0; i < dout->size1; i++)
        for (j = 0; j < dout->size2; j++)
            ROW(d, i)[j] = ROW(dout, i)[j] > 0 ? ROW(dout, i)[j] : 0.0;
    return d;
}

static void colsum_into(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            out->data[j * out->stride] += ROW(A, i)[j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    gsl_matrix *dz2 = gsl_matrix_alloc(N, net->C);

    for (i = 0; i < N; i++)
        for (j = 0; j < net->C; j++)
            ROW(dz2, i)[j] = (ROW(cache->prob, i)[j] - (j == y[i])) / N;

    gsl_matrix *dW2 = AtB(cache->p1, dz2);
    for (i = 0; i < net->H; i++)
        for (j = 0; j < net->C; j++)
            ROW(dW2, i)[j] += 2 * reg * ROW(net->W2, i)[j];

    gsl_matrix *dp1 = ABt(dz2, net->W2);
    gsl_matrix *dz1 = relu_bw(dp1);

    gsl_matrix *dW1 = AtB(X, dz1);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < net->H; j++)
            ROW(dW1, i)[j] += 2 * reg * ROW(net->W1, i)[j];

    gsl_matrix_memcpy(g->dz2, dz2);
    gsl_matrix_memcpy(g->dW2, dW2);
    colsum_into(dz2, g->db2);
    gsl_matrix_memcpy(g->dp1, dp1);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, dW1);
    colsum_into(dz1, g->db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(dz2);
    gsl_matrix_free(dW2);
    gsl_matrix_free(dp1);
    gsl_matrix_free(dz1);
    gsl_matrix_free(dW1);
    return 0;
}
