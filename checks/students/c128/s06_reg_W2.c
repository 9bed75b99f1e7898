/*
 * backward.c
 * Tarea 2 - Aprendizaje Automatico
 * Diego Alejandro Morales
 *
 * Perdida: L = (1/N) sum -log(softmax) + reg*(|W1|^2 + |W2|^2)
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n_muestras = X->size1;
    size_t n_entrada = net->D;
    size_t n_oculta = net->H;
    size_t n_clases = net->C;
    size_t i, j, k;
    double suma;

    /* gradiente de la perdida respecto a los puntajes */
    for (i = 0; i < n_muestras; i++)
    {
        for (k = 0; k < n_clases; k++)
        {
            double prob = gsl_matrix_get(cache->prob, i, k);
            double obj = (y[i] == k) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k, (prob - obj) / n_muestras);
        }
    }

    /* pesos de la capa 2 (derivada de reg*W2^2) */
    for (j = 0; j < n_oculta; j++)
    {
        for (k = 0; k < n_clases; k++)
        {
            suma = 0.0;
            for (i = 0; i < n_muestras; i++)
                suma += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, suma + reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* sesgo de la capa 2 */
    for (k = 0; k < n_clases; k++)
    {
        suma = 0.0;
        for (i = 0; i < n_muestras; i++)
            suma += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, suma);
    }

    /* hacia atras por W2 */
    for (i = 0; i < n_muestras; i++)
    {
        for (j = 0; j < n_oculta; j++)
        {
            suma = 0.0;
            for (k = 0; k < n_clases; k++)
                suma += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, suma);
        }
    }

    /* ReLU */
    for (i = 0; i < n_muestras; i++)
    {
        for (j = 0; j < n_oculta; j++)
        {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* pesos de la capa 1 */
    for (i = 0; i < n_entrada; i++)
    {
        for (j = 0; j < n_oculta; j++)
        {
            suma = 0.0;
            for (k = 0; k < n_muestras; k++)
                suma += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, suma + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    /* sesgo de la capa 1 */
    for (j = 0; j < n_oculta; j++)
    {
        suma = 0.0;
        for (i = 0; i < n_muestras; i++)
            suma += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, suma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
