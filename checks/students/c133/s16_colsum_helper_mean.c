/*
 * Neural Networks Lab, Exp 7 -- backward pass
 * Name: Vignesh Subramanian   Roll No: 108121097
 *
 * Helper functions: matmul_at_b (A^T B), col_sum.  Each gradient is
 * one loop nest or one helper call, in backprop order.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B + 2 reg W */
void matmul_at_b(const gsl_matrix *A, const gsl_matrix *B,
                 const gsl_matrix *W, double reg, gsl_matrix *out)
{
    size_t r, c, k;
    for (r = 0; r < out->size1; r++)
        for (c = 0; c < out->size2; c++) {
            double s = 2 * reg * gsl_matrix_get(W, r, c);
            for (k = 0; k < A->size1; k++)
                s += gsl_matrix_get(A, k, r) * gsl_matrix_get(B, k, c);
            gsl_matrix_set(out, r, c, s);
        }
}

/* column sums of A (sum over the samples) */
void col_sum(const gsl_matrix *A, gsl_vector *v)
{
    size_t r, c;
    for (c = 0; c < A->size2; c++) {
        double s = 0;
        for (r = 0; r < A->size1; r++)
            s += gsl_matrix_get(A, r, c);
        gsl_vector_set(v, c, s / A->size1);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1. dz2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j,
                           (gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N);

    /* 2. dW2 */
    matmul_at_b(cache->p1, g->dz2, net->W2, reg, g->dW2);

    /* 3. db2 */
    col_sum(g->dz2, g->db2);

    /* 4. dp1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }

    /* 5. dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double v = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                v = 0;
            gsl_matrix_set(g->dz1, i, j, v);
        }

    /* 6. dW1 */
    matmul_at_b(X, g->dz1, net->W1, reg, g->dW1);

    /* 7. db1 */
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
