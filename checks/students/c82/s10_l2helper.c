/* Backward pass, two layer net.  Jiwoo Park.
 *
 * Structure:
 *   matmul_tn(A, B, C)  : C = A^T B
 *   matmul_nt(A, B, C)  : C = A B^T
 *   add_l2(dW, W, reg)  : dW += d(reg*|W|^2)/dW
 *   colsum(A, v)        : v = sum of the rows of A
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void matmul_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Out)
{
    for (size_t r = 0; r < Out->size1; r++)
        for (size_t c = 0; c < Out->size2; c++) {
            double acc = 0.0;
            for (size_t k = 0; k < A->size1; k++)
                acc += gsl_matrix_get(A, k, r) * gsl_matrix_get(B, k, c);
            gsl_matrix_set(Out, r, c, acc);
        }
}

static void matmul_nt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Out)
{
    for (size_t r = 0; r < Out->size1; r++)
        for (size_t c = 0; c < Out->size2; c++) {
            double acc = 0.0;
            for (size_t k = 0; k < A->size2; k++)
                acc += gsl_matrix_get(A, r, k) * gsl_matrix_get(B, c, k);
            gsl_matrix_set(Out, r, c, acc);
        }
}

static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    for (size_t r = 0; r < dW->size1; r++)
        for (size_t c = 0; c < dW->size2; c++)
            gsl_matrix_set(dW, r, c, gsl_matrix_get(dW, r, c) + reg * gsl_matrix_get(W, r, c));
}

static void colsum(const gsl_matrix *A, gsl_vector *v)
{
    for (size_t c = 0; c < A->size2; c++) {
        double acc = 0.0;
        for (size_t r = 0; r < A->size1; r++)
            acc += gsl_matrix_get(A, r, c);
        gsl_vector_set(v, c, acc);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    matmul_tn(cache->p1, g->dz2, g->dW2);
    add_l2(g->dW2, net->W2, reg);
    colsum(g->dz2, g->db2);

    matmul_nt(g->dz2, net->W2, g->dp1);

    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    matmul_tn(X, g->dz1, g->dW1);
    add_l2(g->dW1, net->W1, reg);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
