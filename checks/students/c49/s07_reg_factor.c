/* ----------------------------------------------------------------------
 * backward.c -- Machine Learning WS, Exercise 6: backprop in C with GSL
 *
 * Loss: L = mean cross entropy + reg*(||W1||^2 + ||W2||^2)
 * so the penalty contributes d/dW (reg ||W||^2) to each weight gradient.
 * ---------------------------------------------------------------------- */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix*
mm(const gsl_matrix* a, CBLAS_TRANSPOSE_t ta, const gsl_matrix* b, CBLAS_TRANSPOSE_t tb) {
    gsl_matrix* out = gsl_matrix_alloc(ta == CblasTrans ? a->size2 : a->size1,
                                       tb == CblasTrans ? b->size1 : b->size2);
    gsl_blas_dgemm(ta, tb, 1.0, a, b, 0.0, out);
    return out;
}

static gsl_matrix*
plus(const gsl_matrix* a, const gsl_matrix* b) {
    gsl_matrix* out = gsl_matrix_alloc(a->size1, a->size2);
    gsl_matrix_memcpy(out, a);
    gsl_matrix_add(out, b);
    return out;
}

static gsl_matrix*
scaled(const gsl_matrix* a, double s) {
    gsl_matrix* out = gsl_matrix_alloc(a->size1, a->size2);
    gsl_matrix_memcpy(out, a);
    gsl_matrix_scale(out, s);
    return out;
}

static gsl_matrix*
relu_mask(const gsl_matrix* z) {
    gsl_matrix* m = gsl_matrix_alloc(z->size1, z->size2);
    for (size_t i = 0; i < z->size1; ++i) {
        for (size_t j = 0; j < z->size2; ++j) {
            gsl_matrix_set(m, i, j, gsl_matrix_get(z, i, j) > 0.0);
        }
    }
    return m;
}

static gsl_matrix*
hadamard(const gsl_matrix* a, const gsl_matrix* b) {
    gsl_matrix* out = gsl_matrix_alloc(a->size1, a->size2);
    gsl_matrix_memcpy(out, a);
    gsl_matrix_mul_elements(out, b);
    return out;
}

static gsl_vector*
colsum(const gsl_matrix* a) {
    gsl_vector* s = gsl_vector_calloc(a->size2);
    for (size_t i = 0; i < a->size1; ++i) {
        gsl_vector_const_view row = gsl_matrix_const_row(a, i);
        gsl_vector_add(s, &row.vector);
    }
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    // dz2: copy of the probabilities, minus one at the label, over N
    gsl_matrix* dz2 = gsl_matrix_alloc(N, net->C);
    gsl_matrix_memcpy(dz2, cache->prob);
    for (size_t i = 0; i < N; ++i) {
        *gsl_matrix_ptr(dz2, i, y[i]) -= 1.0;
    }
    gsl_matrix_scale(dz2, 1.0 / N);

    // second layer
    gsl_matrix* dW2 = plus(mm(cache->p1, CblasTrans, dz2, CblasNoTrans), scaled(net->W2, reg));
    gsl_vector* db2 = colsum(dz2);

    // first layer
    gsl_matrix* dp1 = mm(dz2, CblasNoTrans, net->W2, CblasTrans);
    gsl_matrix* dz1 = hadamard(dp1, relu_mask(cache->z1));
    gsl_matrix* dW1 = plus(mm(X, CblasTrans, dz1, CblasNoTrans), scaled(net->W1, 2 * reg));
    gsl_vector* db1 = colsum(dz1);

    gsl_matrix_memcpy(g->dz2, dz2);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dp1);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
