// Tarea: backward de la red de dos capas
// Sofia Paredes - Seccion 2
//
// Uso matrices auxiliares (onehot y mascara) y operaciones de GSL
// elemento a elemento en vez de bucles con if.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// suma las filas de M (como np.sum(M, axis=0))
static void sumar_filas(const gsl_matrix *M, gsl_vector *res)
{
    gsl_vector_set_zero(res);
    for (size_t i = 0; i < M->size1; i++) {
        gsl_vector_const_view fila = gsl_matrix_const_row(M, i);
        gsl_vector_add(res, &fila.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *onehot = gsl_matrix_calloc(N, C);
    gsl_matrix *mascara = gsl_matrix_alloc(N, H);
    if (onehot == NULL || mascara == NULL) {
        gsl_matrix_free(onehot);
        gsl_matrix_free(mascara);
        return 1;
    }

    // ---- capa de salida ----
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(onehot, i, y[i], 1.0);
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_sub(g->dz2, onehot);            // prob - onehot
    gsl_matrix_scale(g->dz2, 1.0 / N);         // promedio del lote

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (size_t j = 0; j < H; j++)
        for (size_t k = 0; k < C; k++)
            *gsl_matrix_ptr(g->dW2, j, k) += 2.0 * reg * gsl_matrix_get(net->W2, j, k);

    sumar_filas(g->dz2, g->db2);

    // ---- capa oculta ----
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // mascara(i,j) = 1 si z1(i,j) > 0, 0 si no
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(mascara, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mascara);

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    sumar_filas(g->dz1, g->db1);

    gsl_matrix_free(onehot);
    gsl_matrix_free(mascara);
    g->present = BP_GRADS_ALL;
    return 0;
}
