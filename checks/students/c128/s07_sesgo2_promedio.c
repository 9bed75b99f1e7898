/* backward.c -- Redes Neuronales, entrega 2
 * Ignacio Vargas / Florencia Lagos
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || g->N != N) {
        return 1;
    }

    /* ----- salida: softmax + entropia cruzada ----- */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* sesgo2: promedio sobre el lote */
    for (j = 0; j < C; j++) {
        double suma = 0.0;
        for (i = 0; i < N; i++) {
            suma += gsl_matrix_get(g->dz2, i, j);
        }
        gsl_vector_set(g->db2, j, suma / N);
    }

    /* ----- capa oculta ----- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* sesgo1 */
    for (j = 0; j < H; j++) {
        double suma = 0.0;
        for (i = 0; i < N; i++) {
            suma += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, suma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
