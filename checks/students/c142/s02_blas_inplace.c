// HW3 backward pass -- BLAS version.
// dz2 and db2 in one sweep, dW2/dp1 by dgemm, relu done in place on dz1
// (after copying dp1 into it) with db1 summed in the same loop.
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t n = X->size1, h = net->H;
    gsl_matrix *dz2 = g->dz2, *dz1 = g->dz1;

    if (cache->N != n || g->N != n) return 1;

    // dz2 = (probs - onehot) / n, db2 = sum of the rows
    gsl_matrix_memcpy(dz2, cache->prob);
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < n; i++) {
        gsl_vector_view row = gsl_matrix_row(dz2, i);
        gsl_vector_set(&row.vector, y[i], gsl_vector_get(&row.vector, y[i]) - 1.0);
        gsl_vector_scale(&row.vector, 1.0 / n);
        gsl_vector_add(g->db2, &row.vector);
    }

    // dW2 = p1^T dz2 + 2 reg W2   (beta = 2 reg does the reg term)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dz2, 2.0 * reg, g->dW2);

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, net->W2, 0.0, g->dp1);

    // relu: dz1 = dp1 masked in place, db1 summed on the way
    gsl_matrix_memcpy(dz1, g->dp1);
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < n; i++) {
        double *r = dz1->data + i * dz1->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *b = g->db1->data;
        for (size_t j = 0; j < h; j++) {
            if (!(z[j] > 0)) r[j] = 0.0;
            b[j * g->db1->stride] += r[j];
        }
    }

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
