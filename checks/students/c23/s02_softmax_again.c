// hw3 two-layer net backward  -- Priya S.
// recomputes softmax from the scores (stable version, max subtracted),
// bias grads with dgemv against a ones vector

#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, C = net->C, H = net->H;
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_matrix *tmp;
    gsl_vector_set_all(ones, 1.0);

    // softmax again, row by row
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view z = gsl_matrix_const_row(cache->z2, i);
        gsl_vector_view d = gsl_matrix_row(g->dz2, i);
        double mx = gsl_vector_max(&z.vector), tot = 0;
        for (size_t k = 0; k < C; k++) {
            double e = exp(gsl_vector_get(&z.vector, k) - mx);
            gsl_vector_set(&d.vector, k, e);
            tot += e;
        }
        gsl_vector_scale(&d.vector, 1.0 / tot);
        gsl_vector_set(&d.vector, y[i], gsl_vector_get(&d.vector, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    tmp = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(tmp, net->W2);
    gsl_matrix_scale(tmp, 2 * reg);
    gsl_matrix_add(g->dW2, tmp);
    gsl_matrix_free(tmp);

    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu: p1 > 0 exactly where z1 > 0
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->p1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    tmp = gsl_matrix_alloc(net->D, H);
    gsl_matrix_memcpy(tmp, net->W1);
    gsl_matrix_scale(tmp, 2 * reg);
    gsl_matrix_add(g->dW1, tmp);
    gsl_matrix_free(tmp);

    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    // TODO: check allocs (returns NULL?)
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
