#include "backprop.h"

/* Lab 6: backward pass.
 * layer 2: z2 = p1*W2 + b2, layer 1: z1 = X*W1 + b1, p1 = relu(z1)
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T * B */
static void matmul_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C) {
    for (size_t i = 0; i < A->size2; i++) {
        for (size_t j = 0; j < B->size2; j++) {
            double s = 0;
            for (size_t k = 0; k < A->size1; k++) {
                s += gsl_matrix_get(A, k, i) * gsl_matrix_get(B, k, j);
            }
            gsl_matrix_set(C, i, j, s);
        }
    }
}

static void col_sum(const gsl_matrix *A, gsl_vector *out) {
    for (size_t j = 0; j < A->size2; j++) {
        double s = 0;
        for (size_t i = 0; i < A->size1; i++) {
            s += gsl_matrix_get(A, i, j);
        }
        gsl_vector_set(out, j, s);
    }
}

static void relu_grad(const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *dz) {
    for (size_t i = 0; i < z->size1; i++) {
        for (size_t j = 0; j < z->size2; j++) {
            double v = gsl_matrix_get(z, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0;
            gsl_matrix_set(dz, i, j, v);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    // dz2
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < net->C; j++) {
            double d = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) {
                d -= 1;
            }
            gsl_matrix_set(g->dz2, i, j, d / N);
        }
    }

    // layer 2 weights: input to layer 2 times dz2
    matmul_tn(cache->z1, g->dz2, g->dW2);
    for (size_t i = 0; i < net->H; i++) {
        for (size_t j = 0; j < net->C; j++) {
            double w = gsl_matrix_get(net->W2, i, j);
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + 2 * reg * w);
        }
    }
    col_sum(g->dz2, g->db2);

    // dp1 = dz2 * W2^T
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < net->H; j++) {
            double s = 0;
            for (size_t k = 0; k < net->C; k++) {
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    relu_grad(g->dp1, cache->z1, g->dz1);

    // layer 1
    matmul_tn(X, g->dz1, g->dW1);
    for (size_t i = 0; i < net->D; i++) {
        for (size_t j = 0; j < net->H; j++) {
            double w = gsl_matrix_get(net->W1, i, j);
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * w);
        }
    }
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
