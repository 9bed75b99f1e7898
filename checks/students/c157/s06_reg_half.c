// backward.c -- two layer net, backward pass
// all the scratch lives on the stack (VLAs), BLAS through matrix views.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double d_out[N][C];
    double d_relu[N][H];
    double d_pre[N][H];
    double w2_grad[H][C];
    double w1_grad[D][H];

    gsl_matrix_view d_out_v = gsl_matrix_view_array(&d_out[0][0], N, C);
    gsl_matrix_view d_relu_v = gsl_matrix_view_array(&d_relu[0][0], N, H);
    gsl_matrix_view d_pre_v = gsl_matrix_view_array(&d_pre[0][0], N, H);
    gsl_matrix_view w2_grad_v = gsl_matrix_view_array(&w2_grad[0][0], H, C);
    gsl_matrix_view w1_grad_v = gsl_matrix_view_array(&w1_grad[0][0], D, H);

    // softmax gradient
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < C; k++) {
            d_out[i][k] = gsl_matrix_get(cache->prob, i, k);
        }
        d_out[i][y[i]] -= 1;
    }
    gsl_matrix_scale(&d_out_v.matrix, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, &d_out_v.matrix);

    // second layer weights: p1^T * d_out, plus the regularization
    gsl_matrix_memcpy(&w2_grad_v.matrix, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &d_out_v.matrix,
                   reg, &w2_grad_v.matrix);
    gsl_matrix_memcpy(g->dW2, &w2_grad_v.matrix);

    // second layer bias
    for (size_t k = 0; k < C; k++) {
        double acc = 0;
        for (size_t i = 0; i < N; i++)
            acc += d_out[i][k];
        gsl_vector_set(g->db2, k, acc);
    }

    // into the hidden layer
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &d_out_v.matrix, net->W2,
                   0.0, &d_relu_v.matrix);
    gsl_matrix_memcpy(g->dp1, &d_relu_v.matrix);

    // relu
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            d_pre[i][j] = gsl_matrix_get(cache->z1, i, j) > 0 ? d_relu[i][j] : 0.0;
    gsl_matrix_memcpy(g->dz1, &d_pre_v.matrix);

    // first layer weights
    gsl_matrix_memcpy(&w1_grad_v.matrix, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &d_pre_v.matrix,
                   2 * reg, &w1_grad_v.matrix);
    gsl_matrix_memcpy(g->dW1, &w1_grad_v.matrix);

    // first layer bias
    for (size_t j = 0; j < H; j++) {
        double acc = 0;
        for (size_t i = 0; i < N; i++)
            acc += d_pre[i][j];
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
