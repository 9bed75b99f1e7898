// backward.c -- two layer net, backward pass
// Small functions that return new gsl_matrix'es; copy into g at the end.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *mat_copy(const gsl_matrix *A) {
    gsl_matrix *B = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(B, A);
    return B;
}

static gsl_matrix *mat_tn(const gsl_matrix *A, const gsl_matrix *B) {  // A^T B
    gsl_matrix *R = gsl_matrix_alloc(A->size2, B->size2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, R);
    return R;
}

static gsl_matrix *mat_nt(const gsl_matrix *A, const gsl_matrix *B) {  // A B^T
    gsl_matrix *R = gsl_matrix_alloc(A->size1, B->size1);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, R);
    return R;
}

static gsl_vector *col_sum(const gsl_matrix *A) {
    gsl_vector *s = gsl_vector_calloc(A->size2);
    for (size_t i = 0; i < A->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, i);
        gsl_vector_add(s, &r.vector);
    }
    return s;
}

// relu backward: multiply the upstream gradient by the 0/1 mask of z > 0
static gsl_matrix *relu_back(const gsl_matrix *dout, const gsl_matrix *z) {
    gsl_matrix *mask = gsl_matrix_alloc(z->size1, z->size2);
    for (size_t i = 0; i < z->size1; i++)
        for (size_t j = 0; j < z->size2; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(z, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix *dz = mat_copy(dout);
    gsl_matrix_mul_elements(mask, dz);
    gsl_matrix_free(mask);
    return dz;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;

    gsl_matrix *dscores = mat_copy(cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / N);

    gsl_matrix *dW2 = mat_tn(cache->p1, dscores);
    gsl_matrix *tmp2 = mat_copy(net->W2);
    gsl_matrix_scale(tmp2, 2.0 * reg);
    gsl_matrix_add(dW2, tmp2);
    gsl_vector *db2 = col_sum(dscores);

    gsl_matrix *dhidden = mat_nt(dscores, net->W2);
    gsl_matrix *dhidden_pre = relu_back(dhidden, cache->z1);

    gsl_matrix *dW1 = mat_tn(X, dhidden_pre);
    gsl_matrix *tmp1 = mat_copy(net->W1);
    gsl_matrix_scale(tmp1, 2.0 * reg);
    gsl_matrix_add(dW1, tmp1);
    gsl_vector *db1 = col_sum(dhidden_pre);

    gsl_matrix_memcpy(g->dz2, dscores);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dhidden);
    gsl_matrix_memcpy(g->dz1, dhidden_pre);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    gsl_matrix *all[] = { dscores, dW2, tmp2, dhidden, dhidden_pre, dW1, tmp1 };
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        gsl_matrix_free(all[k]);
    gsl_vector_free(db2);
    gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
