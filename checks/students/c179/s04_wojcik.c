// MSI - zadanie 2, backward
// Piotr Wojcik
// Liczone "w miejscu" gdzie sie da, zeby nie alokowac za duzo.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H;
    gsl_vector *jedynki;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    jedynki = gsl_vector_alloc(N);
    if (jedynki == NULL)
        return 1;
    gsl_vector_set_all(jedynki, 1.0);

    // dz2: kopiujemy prawdopodobienstwa i odejmujemy 1 na dobrej klasie
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = p1^T dz2 + 2 reg W2 (W2 najpierw kopiujemy, beta = 2 reg)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

    // db2 = dz2^T * [1 1 ... 1]
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, jedynki, 0.0, g->db2);

    // dp1
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 tam gdzie neuron byl aktywny (p1 > 0 <=> z1 > 0)
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(cache->p1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    // dW1 - sumujemy iloczyny zewnetrzne x_i dz1_i^T po probkach
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view x_i = gsl_matrix_const_row(X, i);
        gsl_vector_view d_i = gsl_matrix_row(g->dz1, i);
        gsl_blas_dger(1.0, &x_i.vector, &d_i.vector, g->dW1);
    }

    // db1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, jedynki, 0.0, g->db1);

    gsl_vector_free(jedynki);
    g->present = BP_GRADS_ALL;
    return 0;
}
