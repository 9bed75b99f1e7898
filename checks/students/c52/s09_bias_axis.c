/*
 * backward.c    Intro to NN -- lab 5
 * Ana Ferreira, student no. 21873
 *
 * Helpers write into out-parameters.  The relu backward also sums the
 * bias gradient of the first layer while it is going over dz1 anyway,
 * so the first layer is called with db = NULL.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void softmax_ce_backward(const gsl_matrix *prob, const size_t *y,
                                gsl_matrix *dz) {
    size_t N = prob->size1, i;

    gsl_matrix_memcpy(dz, prob);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(dz, i);
        row.vector.data[y[i] * row.vector.stride] -= 1.0;
        gsl_vector_scale(&row.vector, 1.0 / N);
    }
}

/* db = sum of dout over the samples */
static void bias_backward(const gsl_matrix *dout, gsl_vector *db) {
    size_t i, j;

    for (j = 0; j < db->size; j++) {
        double s = 0.0;
        for (i = 0; i < dout->size2; i++)
            s += gsl_matrix_get(dout, j, i);
        gsl_vector_set(db, j, s);
    }
}

static void dense_backward(const gsl_matrix *in, const gsl_matrix *W,
                           const gsl_matrix *dout, double reg,
                           gsl_matrix *dW, gsl_vector *db, gsl_matrix *din) {
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);
    if (db != NULL)
        bias_backward(dout, db);
    if (din != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

/* din = dout where z > 0; db (if not NULL) = column sums of din */
static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *din, gsl_vector *db) {
    size_t i, j;

    if (db != NULL)
        gsl_vector_set_zero(db);
    for (i = 0; i < z->size1; i++) {
        for (j = 0; j < z->size2; j++) {
            double d = gsl_matrix_get(z, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0.0;
            gsl_matrix_set(din, i, j, d);
            if (db != NULL)
                *gsl_vector_ptr(db, j) += d;
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    softmax_ce_backward(cache->prob, y, g->dz2);
    dense_backward(cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);
    relu_backward(g->dp1, cache->z1, g->dz1, g->db1);
    dense_backward(X, net->W1, g->dz1, reg, g->dW1, NULL, NULL);

    g->present = BP_GRADS_ALL;
    return 0;
}
