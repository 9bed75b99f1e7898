// backward pass -- two layer net
// one generic mult() with transpose flags, everything else built on it.
// bias gradients are ones' * dZ with dgemv.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// op(A) * op(B) into a new matrix, ta/tb = 1 means transpose
static gsl_matrix *mult(const gsl_matrix *A, int ta, const gsl_matrix *B, int tb) {
    size_t rows = ta ? A->size2 : A->size1;
    size_t cols = tb ? B->size1 : B->size2;
    gsl_matrix *R = gsl_matrix_alloc(rows, cols);
    gsl_blas_dgemm(ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                   1.0, A, B, 0.0, R);
    return R;
}

// gradient of reg*|W|^2 is 2*reg*W
static gsl_matrix *l2_grad(const gsl_matrix *W, double reg) {
    gsl_matrix *R = gsl_matrix_alloc(W->size1, W->size2);
    gsl_matrix_memcpy(R, W);
    gsl_matrix_scale(R, 2.0 * reg);
    return R;
}

// new matrix A + B
static gsl_matrix *plus(const gsl_matrix *A, const gsl_matrix *B) {
    gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
    gsl_matrix_memcpy(R, A);
    gsl_matrix_add(R, B);
    return R;
}

// ones' * A  ->  column sums
static gsl_vector *bias_grad(const gsl_matrix *A) {
    gsl_vector *ones = gsl_vector_alloc(A->size1);
    gsl_vector *r = gsl_vector_alloc(A->size2);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, A, ones, 0.0, r);
    gsl_vector_free(ones);
    return r;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t i, j;

    // dL/dscores
    gsl_matrix *dscores = gsl_matrix_alloc(N, net->C);
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(dscores, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(dscores, 1.0 / (double) N);

    gsl_matrix *dW2_data = mult(cache->p1, 1, dscores, 0);
    gsl_matrix *dW2_reg = l2_grad(net->W2, reg);
    gsl_matrix *dW2 = plus(dW2_data, dW2_reg);
    gsl_vector *db2 = bias_grad(dscores);

    gsl_matrix *dhidden = mult(dscores, 0, net->W2, 1);

    // relu: copy, then kill the entries where z1 was not positive
    gsl_matrix *drelu = gsl_matrix_alloc(N, net->H);
    gsl_matrix_memcpy(drelu, dhidden);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0.0))
                gsl_matrix_set(drelu, i, j, 0.0);

    gsl_matrix *dW1_data = mult(X, 1, drelu, 0);
    gsl_matrix *dW1_reg = l2_grad(net->W1, reg);
    gsl_matrix *dW1 = plus(dW1_data, dW1_reg);
    gsl_vector *db1 = bias_grad(drelu);

    gsl_matrix_memcpy(g->dz2, dscores);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dhidden);
    gsl_matrix_memcpy(g->dz1, drelu);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(dscores);
    gsl_matrix_free(dW2_data); gsl_matrix_free(dW2_reg); gsl_matrix_free(dW2);
    gsl_vector_free(db2);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(drelu);
    gsl_matrix_free(dW1_data); gsl_matrix_free(dW1_reg); gsl_matrix_free(dW1);
    gsl_vector_free(db1);
    return 0;
}
