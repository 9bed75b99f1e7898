// Odev 2 - Selin Aydin
// backward pass, matrix form with BLAS

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t ornek_sayisi = X->size1;
    size_t i, j;

    if (ornek_sayisi != cache->N || X->size2 != net->D || g->N != ornek_sayisi) {
        return 1;
    }

    // dz2 = (prob - onehot(y)) / N
    for (i = 0; i < ornek_sayisi; i++) {
        for (j = 0; j < net->C; j++) {
            double deger = gsl_matrix_get(cache->prob, i, j);
            if (y[i] == j) {
                deger = deger - 1.0;
            }
            gsl_matrix_set(g->dz2, i, j, deger / ornek_sayisi);
        }
    }

    // dW2 = p1^T . dz2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

    // db2 = sum over the batch
    for (j = 0; j < net->C; j++) {
        double toplam = 0.0;
        for (i = 0; i < ornek_sayisi; i++) {
            toplam += gsl_matrix_get(g->dz2, i, j);
        }
        gsl_vector_set(g->db2, j, toplam);
    }

    // dp1 = dz2 . W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 * 1[z1 > 0]
    for (i = 0; i < ornek_sayisi; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0) {
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            } else {
                gsl_matrix_set(g->dz1, i, j, 0.0);
            }
        }
    }

    // dW1 = X^T . dz1 + 2 reg W1 (regularization gradient)
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (i = 0; i < net->D; i++) {
        for (j = 0; j < net->H; j++) {
            double w = gsl_matrix_get(net->W1, i, j);
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2.0 * reg * w);
        }
    }

    // db1
    for (j = 0; j < net->H; j++) {
        double toplam = 0.0;
        for (i = 0; i < ornek_sayisi; i++) {
            toplam += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, toplam);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
