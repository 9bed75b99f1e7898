// Practica 4: backward de la red de 2 capas
// Equipo: Mariana Lopez Ortega
// Use dgemm para los productos de los pesos (mas rapido), lo demas con for.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;
    size_t H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    gsl_matrix *dscores = g->dz2;
    gsl_matrix *dhidden = g->dp1;

    // dscores: probabilidades menos uno en la etiqueta, entre N
    for (size_t i = 0; i < N; i++) {
        for (size_t c = 0; c < C; c++) {
            double v = gsl_matrix_get(cache->prob, i, c);
            gsl_matrix_set(dscores, i, c, v / (double) N);
        }
        double dy = gsl_matrix_get(dscores, i, y[i]);
        gsl_matrix_set(dscores, i, y[i], dy - 1.0 / (double) N);
    }

    // dW2 = hidden' * dscores + 2*reg*W2
    // (copio W2 en dW2 y uso beta = 2 reg)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                   2.0 * reg, g->dW2);

    // db2: sumo los renglones de dscores
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view fila = gsl_matrix_const_row(dscores, i);
        gsl_vector_add(g->db2, &fila.vector);
    }

    // dhidden = dscores * W2'
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double acc = 0.0;
            for (size_t c = 0; c < C; c++) {
                acc += gsl_matrix_get(dscores, i, c) * gsl_matrix_get(net->W2, h, c);
            }
            gsl_matrix_set(dhidden, i, h, acc);
        }
    }

    // backprop por la ReLU
    for (size_t i = 0; i < N; i++) {
        for (size_t h = 0; h < H; h++) {
            double d = gsl_matrix_get(dhidden, i, h);
            if (gsl_matrix_get(cache->z1, i, h) <= 0.0) {
                d = 0.0;
            }
            gsl_matrix_set(g->dz1, i, h, d);
        }
    }

    // dW1 = X' * dz1 + 2*reg*W1, igual que dW2
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1
    gsl_vector_set_zero(g->db1);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view fila = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &fila.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
