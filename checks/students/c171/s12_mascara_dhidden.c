// backward.c -- Tarea 3 de Redes Neuronales
// Ximena Gutierrez Luna
//
// Para la ReLU: en el forward se hace max(0, x), entonces en el backward
// los valores negativos se vuelven cero.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++) {
            double d = gsl_matrix_get(cache->prob, i, c);
            if (c == y[i])
                d -= 1.0;
            gsl_matrix_set(g->dz2, i, c, d / N);
        }

    // dW2 y db2
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            double s = 0.0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
            gsl_matrix_set(g->dW2, h, c, s + 2 * reg * gsl_matrix_get(net->W2, h, c));
        }
    for (size_t c = 0; c < C; c++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, s);
    }

    // dhidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // ReLU hacia atras: copio dhidden y quito lo negativo
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
            if (gsl_matrix_get(g->dz1, i, h) < 0)
                gsl_matrix_set(g->dz1, i, h, 0.0);

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    // db1
    for (size_t h = 0; h < H; h++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
