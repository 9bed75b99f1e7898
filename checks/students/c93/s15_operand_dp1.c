/* hw4 -- backward pass -- E. Kowalczyk */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define ELEM(M, r, c) (*((M)->data + (r) * (M)->tda + (c)))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    gsl_matrix *P, *A, *Z, *W1, *W2;
    gsl_matrix *Dz2, *Dp1, *Dz1;
    int N, H, C, i, j;
    double sum;

    P = cache->prob; A = cache->p1; Z = cache->z1;
    W1 = net->W1; W2 = net->W2;
    Dz2 = g->dz2; Dp1 = g->dp1; Dz1 = g->dz1;

    N = X->size1; H = net->H; C = net->C;
    if (N != (int) cache->N || X->size2 != net->D || N != (int) g->N)
        return 1;

    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            ELEM(Dz2, i, j) = (ELEM(P, i, j) - (j == (int) y[i])) / N;

    gsl_matrix_memcpy(g->dW2, W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, Dz2, 2 * reg, g->dW2);
    for (j = 0; j < C; j++) {
        sum = 0;
        for (i = 0; i < N; i++)
            sum += ELEM(Dz2, i, j);
        gsl_vector_set(g->db2, j, sum);
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, P, W2, 0.0, Dp1);

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            ELEM(Dz1, i, j) = ELEM(Z, i, j) > 0 ? ELEM(Dp1, i, j) : 0;

    gsl_matrix_memcpy(g->dW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, Dz1, 2 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        sum = 0;
        for (i = 0; i < N; i++)
            sum += ELEM(Dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
