// backward.c -- two layer net, backward pass
// helpers for A^T B on raw arrays, a mask buffer, row views for the biases

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// out (P x Q) = A^T B + lam * W, A is (R x P), B is (R x Q), all contiguous
static void at_b_plus(const double *A, const double *B, const double *W,
                      double lam, double *out, size_t R, size_t P, size_t Q)
{
    for (size_t k = 0; k < P * Q; k++) {
        size_t p = k / Q, q = k % Q;
        double s = lam * W[k];
        for (size_t r = 0; r < R; r++)
            s += A[r * P + p] * B[r * Q + q];
        out[k] = s;
    }
}

// bias gradient: add up the rows with row views
static void sum_rows(const gsl_matrix *M, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (size_t i = 0; i < M->size1; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(M, i);
        gsl_vector_add(out, &row.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    unsigned char *mask = malloc(N * H);
    if (mask == NULL)
        return 1;

    // dz2
    double *dz2 = g->dz2->data;
    for (size_t k = 0; k < N * C; k++)
        dz2[k] = (cache->prob->data[k] - (double)(y[k / C] == k % C)) / N;

    // W2 grad and b2 grad
    at_b_plus(cache->p1->data, dz2, net->W2->data, 2 * reg, g->dW2->data,
              N, H, C);
    sum_rows(g->dz2, g->db2);

    // dp1 = dz2 * W2^T with blas
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu mask first, then apply it
    for (size_t k = 0; k < N * H; k++)
        mask[k] = cache->z1->data[k] > 0;
    for (size_t k = 0; k < N * H; k++)
        g->dz1->data[k] = mask[k] ? g->dp1->data[k] : 0.0;

    // layer 1
    at_b_plus(X->data, g->dz1->data, net->W1->data, 2 * reg, g->dW1->data,
              N, D, H);
    sum_rows(g->dz1, g->db1);

    free(mask);
    g->present = BP_GRADS_ALL;
    return 0;
}
