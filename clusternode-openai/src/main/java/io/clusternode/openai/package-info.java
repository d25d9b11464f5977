/**
 * Chat models over HTTP: DeepSeek and every OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp), with
 * streaming, retries, a circuit breaker and secret-free errors. Selected with {@code --model deepseek:MODEL} or
 * {@code --model openai:MODEL} through {@link io.clusternode.core.registry.Providers}.
 */
package io.clusternode.openai;
